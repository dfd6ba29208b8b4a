import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  CategoryScale,
  ChartData,
  ChartOptions,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import { RevenueChart as RevenueChartData } from './revenue-chart-data';

/** Net is the line that matters: solid and coloured; gross is dashed, so the two differ without colour. */
const NET_STYLE = { borderColor: '#005cbb', backgroundColor: '#005cbb', borderWidth: 2, pointRadius: 2 };
const GROSS_STYLE = {
  borderColor: '#6f7378',
  backgroundColor: '#6f7378',
  borderWidth: 1.5,
  borderDash: [6, 4],
  pointRadius: 0,
};

/**
 * One currency's revenue as a line chart (chart.js through ng2-charts). Only the chart.js parts a
 * line chart needs are registered, here in the admin's lazy chunk, so no other page carries them.
 */
@Component({
  selector: 'app-revenue-chart',
  imports: [BaseChartDirective],
  providers: [
    provideCharts({
      registerables: [LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip],
    }),
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart">
      <figcaption>{{ chart().currency }}</figcaption>
      <div class="canvas-box">
        <canvas
          baseChart
          type="line"
          [data]="data()"
          [options]="options()"
          role="img"
          [attr.aria-label]="chart().summary"
          [attr.data-testid]="'revenue-chart-' + chart().currency"
        ></canvas>
      </div>
    </figure>
  `,
  styles: `
    .chart {
      margin: 0;
      padding: 12px 16px;
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-lowest, #fff);
    }
    figcaption {
      font: var(--mat-sys-title-medium);
      margin-bottom: 8px;
    }
    .canvas-box {
      position: relative;
      height: 260px;
    }
  `,
})
export class RevenueChart {
  readonly chart = input.required<RevenueChartData>();

  protected readonly data = computed((): ChartData<'line', number[], string> => {
    const { labels, datasets } = this.chart().data;
    return {
      labels,
      datasets: datasets.map((d) => ({ ...d, ...(d.label === 'Net' ? NET_STYLE : GROSS_STYLE) })),
    };
  });

  protected readonly options = computed((): ChartOptions<'line'> => {
    const { currency, exponent } = this.chart();
    const money = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: true, ticks: { callback: (value) => money.format(Number(value)) } },
      },
      plugins: {
        // Thin boxes read as the lines they stand for (solid net, dashed gross).
        legend: { position: 'bottom', labels: { boxWidth: 28, boxHeight: 2 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${money.format(item.parsed.y ?? 0)}` } },
      },
    };
  });
}
