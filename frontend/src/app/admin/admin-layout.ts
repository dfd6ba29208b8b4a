import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The admin console's sections, in the order the navigation lists them. */
export const ADMIN_SECTIONS: readonly { path: string; label: string }[] = [
  { path: 'payments', label: 'Payments' },
  { path: 'review', label: 'Review queue' },
  { path: 'disputes', label: 'Disputes' },
  { path: 'subscriptions', label: 'Subscriptions' },
  { path: 'webhooks', label: 'Webhook inbox' },
  { path: 'emails', label: 'Emails' },
  { path: 'exchange-rates', label: 'Exchange rates' },
  { path: 'reconciliation', label: 'Drift report' },
  { path: 'revenue', label: 'Revenue' },
];

/**
 * The admin area's frame: a row of section links (it wraps rather than scrolls, so every section
 * stays one Tab away at any width) above the page of the section.
 */
@Component({
  selector: 'app-admin-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="admin-bar">
      <span class="admin-title" id="admin-nav-title">Admin</span>
      <nav class="admin-nav" aria-labelledby="admin-nav-title" data-testid="admin-nav">
        @for (section of sections; track section.path) {
          <a
            [routerLink]="['/admin', section.path]"
            routerLinkActive="active"
            ariaCurrentWhenActive="page"
            [attr.data-testid]="'admin-nav-' + section.path"
            >{{ section.label }}</a
          >
        }
      </nav>
    </div>
    <router-outlet />
  `,
  styles: `
    .admin-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 8px 16px;
      background: var(--mat-sys-surface-container-low);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .admin-title {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    .admin-nav {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .admin-nav a {
      padding: 6px 12px;
      border-radius: 999px;
      text-decoration: none;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-large);
    }
    .admin-nav a:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .admin-nav a.active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class AdminLayout {
  protected readonly sections = ADMIN_SECTIONS;
}
