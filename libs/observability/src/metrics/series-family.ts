import type { Metric } from 'prom-client';
import { CounterCell, HistogramCell } from './metric-cells.js';

type Labels = Record<string, string>;

/** A sample as prom-client's Registry renders it (`metricName` for a histogram's _bucket, _sum, _count). */
interface Sample {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

interface Series<Cell> {
  readonly labels: Labels;
  readonly cell: Cell;
}

/**
 * One metric whose series are cells (metric-cells.ts), registered in a prom-client Registry as a
 * metric of its own: the Registry reads `name` and calls `get()` when it renders a scrape, so
 * these come out in the exposition format with the rest. Series are found by their label values
 * only when a cache misses (a new resource, cluster or status class), never per request.
 */
abstract class SeriesFamily<Cell> {
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series<Cell>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    readonly labelNames: readonly string[],
  ) {}

  /** The cell of the series with these label values (in `labelNames` order), created at zero. */
  cell(values: readonly string[]): Cell {
    const key = values.join('\u0000');
    let series = this.series.get(key);
    if (series === undefined) {
      const labels: Labels = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i]));
      series = { labels, cell: this.createCell() };
      this.series.set(key, series);
    }
    return series.cell;
  }

  /** Drops every series `keep` refuses; returns how many went. Callers then drop their cached cells. */
  prune(keep: (labels: Readonly<Labels>) => boolean): number {
    let removed = 0;
    for (const [key, series] of this.series) {
      if (keep(series.labels)) continue;
      this.series.delete(key);
      removed++;
    }
    return removed;
  }

  get size(): number {
    return this.series.size;
  }

  /** What the Registry renders. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, cell } of this.series.values()) this.samples(labels, cell, values);
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Registry.resetMetrics() */
  reset(): void {
    this.series.clear();
  }

  /** Registers this family; the Registry's type names only its own classes, but reads nothing else. */
  registerIn(registry: { registerMetric(metric: Metric): void }): this {
    registry.registerMetric(this as unknown as Metric);
    return this;
  }

  protected abstract createCell(): Cell;
  protected abstract samples(labels: Labels, cell: Cell, into: Sample[]): void;
}

export class CounterFamily extends SeriesFamily<CounterCell> {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'counter', labelNames);
  }

  protected createCell(): CounterCell {
    return new CounterCell();
  }

  protected samples(labels: Labels, cell: CounterCell, into: Sample[]): void {
    into.push({ labels, value: cell.value });
  }
}

export class HistogramFamily extends SeriesFamily<HistogramCell> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {
    super(name, help, 'histogram', labelNames);
  }

  protected createCell(): HistogramCell {
    return new HistogramCell(this.bounds);
  }

  protected samples(labels: Labels, cell: HistogramCell, into: Sample[]): void {
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += cell.counts[i];
      into.push({ metricName: bucket, labels: { ...labels, le }, value: cumulative });
    });
    into.push({ metricName: bucket, labels: { ...labels, le: '+Inf' }, value: cell.count });
    into.push({ metricName: `${this.name}_sum`, labels, value: cell.sum });
    into.push({ metricName: `${this.name}_count`, labels, value: cell.count });
  }
}
