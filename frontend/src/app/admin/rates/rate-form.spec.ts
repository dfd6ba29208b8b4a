import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { RateInput } from './exchange-rate-models';
import { RateDraft, RateForm } from './rate-form';

@Component({
  imports: [RateForm],
  template: `<app-rate-form [draft]="draft()" [saving]="saving()" [error]="error()" (save)="saved.push($event)" />`,
})
class Host {
  readonly draft = signal<RateDraft | null>(null);
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);
  readonly saved: RateInput[] = [];
}

describe('RateForm', () => {
  let fixture: ComponentFixture<Host>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLInputElement>(testId: string) =>
    el().querySelector<T>(`[data-testid="${testId}"]`);
  const saved = () => fixture.componentInstance.saved;

  function type(testId: string, value: string): void {
    const field = q(testId)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>('rate-save')!.click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
  });

  it('when the form is filled in, then the rate is emitted with the codes in upper case and the date when given', async () => {
    type('rate-base', 'eur');
    type('rate-quote', 'jpy');
    type('rate-value', ' 160.25 ');
    await submit();
    type('rate-valid-from', '2026-04-01');
    await submit();
    expect(saved()).toEqual([
      { base: 'EUR', quote: 'JPY', rate: '160.25' },
      { base: 'EUR', quote: 'JPY', rate: '160.25', validFrom: '2026-04-01' },
    ]);
  });

  it('when the rate is not a plain decimal, then it says why and emits nothing', async () => {
    type('rate-base', 'EUR');
    type('rate-quote', 'USD');
    type('rate-value', '1,0842');
    await submit();
    expect(q('rate-value-error')?.textContent).toContain('plain decimal number');
    expect(saved()).toEqual([]);

    type('rate-value', '0');
    await submit();
    expect(q('rate-value-error')?.textContent).toContain('more than 0');
    expect(saved()).toEqual([]);
  });

  it('when base and quote are the same, then the pair is refused', async () => {
    type('rate-base', 'EUR');
    type('rate-quote', 'eur');
    type('rate-value', '1');
    await submit();
    expect(q('rate-pair-error')?.textContent).toContain('must differ');
    expect(saved()).toEqual([]);
  });

  it('when a row is edited, then its pair and rate fill the form and the rate field has focus', async () => {
    fixture.componentInstance.draft.set({ base: 'EUR', quote: 'USD', rate: '1.0842' });
    await fixture.whenStable();
    expect(q('rate-base')!.value).toBe('EUR');
    expect(q('rate-quote')!.value).toBe('USD');
    expect(q('rate-value')!.value).toBe('1.0842');
    expect(document.activeElement).toBe(q('rate-value'));
  });

  it('while saving, then the button waits; a failed save shows the API message', async () => {
    fixture.componentInstance.saving.set(true);
    await fixture.whenStable();
    expect(q<HTMLButtonElement>('rate-save')!.disabled).toBe(true);
    expect(q<HTMLButtonElement>('rate-save')!.textContent?.trim()).toBe('Saving…');
    fixture.componentInstance.saving.set(false);
    fixture.componentInstance.error.set('Invalid exchange rates: 0 rate must be positive');
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('0 rate must be positive');
  });
});
