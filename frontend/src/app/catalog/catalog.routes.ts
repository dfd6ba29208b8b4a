import { Routes } from '@angular/router';

export const catalogRoutes: Routes = [
  { path: '', title: 'Courses', loadComponent: () => import('./course-list').then((m) => m.CourseList) },
  { path: ':id', title: 'Course', loadComponent: () => import('./course-page').then((m) => m.CoursePage) },
];
