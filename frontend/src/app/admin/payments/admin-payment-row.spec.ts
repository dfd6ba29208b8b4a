import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { anAdminPaymentRow } from '../../testing/admin-fixtures';
import { AdminPaymentRow as Row } from '../admin-models';
import { AdminPaymentRow } from './admin-payment-row';

@Component({
  imports: [AdminPaymentRow],
  template: `<table>
    <tbody>
      <tr app-admin-payment-row [payment]="payment()"></tr>
    </tbody>
  </table>`,
})
class Host {
  readonly payment = signal<Row>(anAdminPaymentRow());
}

describe('AdminPaymentRow', () => {
  it('when a payment has neither course nor plan nor provider reference yet, then those cells show a dash', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.payment.set(
      anAdminPaymentRow({
        id: 'p9',
        course: null,
        providerPaymentId: null,
        providerSessionId: null,
        status: 'pending',
        label: 'pending',
      }),
    );
    await fixture.whenStable();
    const row = (fixture.nativeElement as HTMLElement).querySelector('tr')!;
    expect(row.getAttribute('data-payment-id')).toBe('p9');
    expect(row.querySelector('[data-testid="row-item"]')?.textContent?.trim()).toBe('—');
    expect(row.querySelector('[data-testid="row-reference"]')?.textContent?.trim()).toBe('—');
    expect(row.querySelector('[data-testid="row-label"]')?.textContent?.trim()).toBe('Pending');
    expect(row.querySelector('a')?.textContent).toContain('open the payment');
  });
});
