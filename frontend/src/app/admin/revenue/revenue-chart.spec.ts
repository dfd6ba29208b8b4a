import { TestBed } from '@angular/core/testing';
import { RevenueChart } from './revenue-chart';
import { revenueCharts } from './revenue-chart-data';
import { aRevenueReport } from './revenue-fixtures';

describe('RevenueChart', () => {
  // jsdom has no 2D canvas (it returns null after logging so): chart.js then draws nothing, quietly.
  beforeEach(() => vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null));
  afterEach(() => vi.restoreAllMocks());

  it("when shown, then its canvas carries the currency's test id and the summary as its accessible name", async () => {
    const [eur] = revenueCharts(aRevenueReport());
    const fixture = TestBed.createComponent(RevenueChart);
    fixture.componentRef.setInput('chart', eur);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;

    const canvas = el.querySelector('canvas')!;
    expect(canvas.dataset['testid']).toBe('revenue-chart-EUR');
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe(eur.summary);
    expect(el.querySelector('figcaption')?.textContent?.trim()).toBe('EUR');
  });
});
