import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { switchMap } from 'rxjs';
import { LOADING, toLoadState } from '../core/api/load-state';
import { EnrollmentsApi } from '../core/enrollments/enrollments-api';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';

@Component({
  selector: 'app-my-learning',
  imports: [RouterLink, DatePipe, ErrorAlert, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>My learning</h1>
      @let state = enrollments();
      @if (state.status === 'loading') {
        <app-loading label="Loading your courses…" />
      } @else if (state.status === 'error') {
        <app-error-alert [message]="state.error.message" retryLabel="Try again" (retry)="retry()" />
      } @else if (state.value.length === 0) {
        <p data-testid="learning-empty">You're not enrolled in any courses yet.</p>
        <a routerLink="/courses">Browse courses</a>
      } @else {
        <ul class="enrollments" aria-label="Enrolled courses">
          @for (enrollment of state.value; track enrollment.id) {
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
export class MyLearning {
  private readonly api = inject(EnrollmentsApi);

  private readonly reloads = signal(0);
  protected readonly enrollments = toSignal(
    toObservable(this.reloads).pipe(switchMap(() => this.api.list().pipe(toLoadState()))),
    { initialValue: LOADING },
  );

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }
}
