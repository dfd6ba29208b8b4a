import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { EnrollmentsApi } from '../core/api/enrollments-api';
import { toApiError } from '../core/api/api-error';
import { Enrollment } from '../core/api/models';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';

@Component({
  selector: 'app-my-learning',
  imports: [RouterLink, DatePipe, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>My learning</h1>
      @if (loading()) {
        <app-loading label="Loading your courses…" />
      } @else if (error(); as message) {
        <app-error-alert [message]="message" retryLabel="Try again" (retry)="load()" />
      } @else if (enrollments().length === 0) {
        <p data-testid="learning-empty">You're not enrolled in any courses yet.</p>
        <a routerLink="/courses">Browse courses</a>
      } @else {
        <ul class="enrollments" aria-label="Enrolled courses">
          @for (enrollment of enrollments(); track enrollment.id) {
            <li data-testid="enrollment-item" [attr.data-course-id]="enrollment.courseId">
              <a [routerLink]="['/courses', enrollment.courseId]">{{ enrollment.courseTitle }}</a>
              <span class="muted">Enrolled {{ enrollment.enrolledAt | date: 'mediumDate' }}</span>
            </li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .enrollments {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 12px;
    }
    .enrollments li {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 4px 16px;
      padding: 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .enrollments a {
      font: var(--mat-sys-title-medium);
    }
  `,
})
export class MyLearning implements OnInit {
  private readonly api = inject(EnrollmentsApi);

  protected readonly enrollments = signal<Enrollment[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list().subscribe({
      next: (items) => {
        this.enrollments.set(items);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(toApiError(err).message);
        this.loading.set(false);
      },
    });
  }
}
