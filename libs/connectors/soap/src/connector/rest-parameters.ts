/** Path and query parameters of one request, by name; repeated query parameters keep every value. */
export type RestParameters = Record<string, string | string[]>;

/**
 * A resource's path template (`/orders/{orderId}`, `/*`), compiled once at deploy time to read
 * the values of its path parameters out of a request's path.
 */
export class PathTemplate {
  /** Names of the template's `{parameters}`, in order. */
  readonly names: readonly string[];
  private readonly pattern: RegExp;

  constructor(readonly template: string) {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}/]+\}|\*)/)
      .map((part) => {
        if (part === '*') return '.*';
        const name = /^\{([^}/]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('');
    this.names = names;
    // The data plane routes `/orders/7/` like `/orders/7`.
    this.pattern = new RegExp(`^${source.replace(/\/$/, '')}/?$`);
  }

  /**
   * The parameters of a request: the template's path parameters (percent-decoded) and every query
   * parameter. `pathAndQuery` is the upstream path without the endpoint's base path.
   */
  parameters(pathAndQuery: string): RestParameters {
    const queryAt = pathAndQuery.indexOf('?');
    const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
    const out: RestParameters = {};
    if (queryAt >= 0) {
      for (const [name, value] of new URLSearchParams(pathAndQuery.slice(queryAt + 1))) {
        const known = out[name];
        out[name] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value];
      }
    }
    const match = this.names.length === 0 ? null : this.pattern.exec(path);
    // Path parameters win over a query parameter of the same name: they are part of the resource.
    this.names.forEach((name, i) => {
      const value = match?.[i + 1];
      if (value !== undefined) out[name] = decoded(value);
    });
    return out;
  }
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The query parameters that fill no field of the input message, as written (`?key=abc`), for the
 * SOAP endpoint's URL: they may be for the backend (an API key the cluster's credentials added),
 * as the REST connector would pass them. '' when there are none.
 */
export function passedQuery(pathAndQuery: string, fields: ReadonlyMap<string, unknown>): string {
  const queryAt = pathAndQuery.indexOf('?');
  if (queryAt < 0) return '';
  const kept = pathAndQuery
    .slice(queryAt + 1)
    .split('&')
    .filter((pair) => pair !== '' && !fields.has(new URLSearchParams(pair).keys().next().value ?? ''));
  return kept.length === 0 ? '' : `?${kept.join('&')}`;
}
