import { call, type TestGateway } from '#testing';

/** One sample line of the Prometheus text exposition format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A parsed scrape: samples looked up by name and labels. */
export class Scrape {
  constructor(
    readonly text: string,
    readonly samples: readonly Sample[],
  ) {}

  static parse(text: string): Scrape {
    const samples: Sample[] = [];
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[name] = value.replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
      }
      samples.push({ name: match[1], labels, value: Number(match[3]) });
    }
    return new Scrape(text, samples);
  }

  /** Samples of `name` whose labels include `labels`. */
  all(name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
    return this.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  }

  /** The value of the one sample of `name` with exactly these labels; undefined when there is none. */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
    const keys = Object.keys(labels);
    const found = this.all(name, labels).filter((s) => Object.keys(s.labels).length === keys.length);
    if (found.length > 1) throw new Error(`${found.length} samples of ${name} with ${JSON.stringify(labels)}`);
    return found[0]?.value;
  }

  /** The sum over the samples of `name` whose labels include `labels`. */
  sum(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.all(name, labels).reduce((total, s) => total + s.value, 0);
  }
}

/** `GET /metrics` on the admin listener with the built-in admin's credentials. */
export async function scrape(gw: TestGateway, path = '/metrics'): Promise<Scrape> {
  const res = await gw.admin(path);
  if (res.status !== 200) throw new Error(`scrape failed: ${res.status} ${res.text}`);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return Scrape.parse(res.text);
}

/** A scrape of the metrics listener of its own (`metrics.port`), without credentials. */
export async function scrapeOwnPort(port: number, path = '/metrics'): Promise<Scrape> {
  const res = await call({ port, path });
  if (res.status !== 200) throw new Error(`scrape failed: ${res.status} ${res.text}`);
  return Scrape.parse(res.text);
}
