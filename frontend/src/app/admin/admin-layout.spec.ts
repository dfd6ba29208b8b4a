import { TestBed } from '@angular/core/testing';
import { Component } from '@angular/core';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AdminLayout } from './admin-layout';

@Component({ template: '<p data-testid="section-page">section</p>' })
class SectionPage {}

describe('AdminLayout', () => {
  it('when a section is open, then the nav lists every admin section in order and marks that one as the current page', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'admin', component: AdminLayout, children: [{ path: '**', component: SectionPage }] }]),
      ],
    });
    const harness = await RouterTestingHarness.create('/admin/review');
    const el = harness.routeNativeElement!;
    const nav = el.querySelector('nav[data-testid="admin-nav"]')!;
    const links = Array.from(nav.querySelectorAll('a'));

    expect(links.map((a) => a.textContent?.trim())).toEqual([
      'Payments',
      'Review queue',
      'Disputes',
      'Subscriptions',
      'Webhook inbox',
      'Emails',
      'Exchange rates',
      'Drift report',
      'Revenue',
    ]);
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/admin/payments',
      '/admin/review',
      '/admin/disputes',
      '/admin/subscriptions',
      '/admin/webhooks',
      '/admin/emails',
      '/admin/exchange-rates',
      '/admin/reconciliation',
      '/admin/revenue',
    ]);
    expect(nav.getAttribute('aria-labelledby')).toBe(el.querySelector('.admin-title')?.id);
    const current = links.filter((a) => a.getAttribute('aria-current') === 'page');
    expect(current.map((a) => a.textContent?.trim())).toEqual(['Review queue']);
    expect(el.querySelector('[data-testid="section-page"]')).not.toBeNull();
  });
});
