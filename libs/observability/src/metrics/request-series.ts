import type { RequestRecord, Resource, RouteMatch } from '#core';
import { KEY_TYPE_LABELS, keyTypeIndex, METHOD_LABELS, methodIndex, STATUS_CLASSES, statusClassIndex } from './label-values.js';
import type { CounterCell, HistogramCell } from './metric-cells.js';
import type { CounterFamily, HistogramFamily } from './series-family.js';

interface RequestCells {
  readonly requests: CounterCell;
  readonly duration: HistogramCell;
}

const CLASSES = STATUS_CLASSES.length;
const SLOTS = KEY_TYPE_LABELS.length * METHOD_LABELS.length * CLASSES;

export const REQUEST_LABELS = ['api', 'api_version', 'resource', 'method', 'key_type', 'status_class'] as const;

/**
 * `portico_requests_total` and `portico_request_duration_seconds`: per request, an array lookup.
 * Each compiled resource (stable for as long as its deployment is live) gets an array of its
 * series, indexed by key type × method × status class and filled as they first occur; requests no
 * route matched share one small array by status class. Forgetting (after series were pruned)
 * drops the arrays: the next request of a resource finds its series again by label values.
 */
export class RequestSeries {
  private byResource = new WeakMap<Resource, (RequestCells | undefined)[]>();
  private unmatched: (RequestCells | undefined)[] = new Array(CLASSES);

  constructor(
    private readonly requests: CounterFamily,
    private readonly durations: HistogramFamily,
  ) {}

  observe(record: RequestRecord): void {
    const route = record.route;
    const statusClass = statusClassIndex(record.status);
    let cells: RequestCells | undefined;
    if (route === undefined) {
      cells = this.unmatched[statusClass] ?? this.unmatchedCells(statusClass);
    } else {
      let slots = this.byResource.get(route.resource);
      if (slots === undefined) {
        slots = new Array(SLOTS);
        this.byResource.set(route.resource, slots);
      }
      const slot = ((keyTypeIndex(record.keyType) * METHOD_LABELS.length) + methodIndex(record.method)) * CLASSES + statusClass;
      cells = slots[slot] ?? this.routeCells(slots, slot, route);
    }
    cells.requests.value++;
    cells.duration.observe(record.durationMs / 1000);
  }

  forget(): void {
    this.byResource = new WeakMap();
    this.unmatched = new Array(CLASSES);
  }

  private unmatchedCells(statusClass: number): RequestCells {
    const cells = this.cellsFor(['', '', '', '', '', STATUS_CLASSES[statusClass]]);
    this.unmatched[statusClass] = cells;
    return cells;
  }

  private routeCells(slots: (RequestCells | undefined)[], slot: number, route: RouteMatch): RequestCells {
    const statusClass = slot % CLASSES;
    const method = ((slot - statusClass) / CLASSES) % METHOD_LABELS.length;
    const keyType = Math.floor(slot / (CLASSES * METHOD_LABELS.length));
    const { api, resource } = route;
    const cells = this.cellsFor([api.name, api.version, resource.path, METHOD_LABELS[method], KEY_TYPE_LABELS[keyType], STATUS_CLASSES[statusClass]]);
    slots[slot] = cells;
    return cells;
  }

  private cellsFor(values: readonly string[]): RequestCells {
    return { requests: this.requests.cell(values), duration: this.durations.cell(values) };
  }
}
