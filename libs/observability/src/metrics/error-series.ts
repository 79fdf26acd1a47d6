import type { ApiDefinition, RequestErrorSpec, RequestRecord } from '#core';
import type { CounterCell } from './metric-cells.js';
import type { CounterFamily } from './series-family.js';

export const ERROR_LABELS = ['api', 'api_version', 'code'] as const;

/**
 * `portico_gateway_errors_total`: the gateway's own answers by catalogue code. Each API keeps a
 * map from code to cell (the codes are the catalogue's constant strings: their hashes are cached).
 */
export class ErrorSeries {
  private byApi = new WeakMap<ApiDefinition, Map<string, CounterCell>>();
  private unmatched = new Map<string, CounterCell>();

  constructor(private readonly errors: CounterFamily) {}

  observe(record: RequestRecord, error: RequestErrorSpec): void {
    const api = record.route?.api;
    let cells = api === undefined ? this.unmatched : this.byApi.get(api);
    if (cells === undefined) {
      cells = new Map();
      this.byApi.set(api as ApiDefinition, cells);
    }
    let cell = cells.get(error.code);
    if (cell === undefined) {
      cell = this.errors.cell([api?.name ?? '', api?.version ?? '', error.code]);
      cells.set(error.code, cell);
    }
    cell.value++;
  }

  forget(): void {
    this.byApi = new WeakMap();
    this.unmatched = new Map();
  }
}
