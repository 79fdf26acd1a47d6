import type { TemplateSegment } from './route-template.js';
import { StaticEdges } from './static-edges.js';

/** What the trie stores: anything with a template, a rank and a method check. */
export interface TrieRoute {
  readonly template: { readonly segments: readonly TemplateSegment[]; readonly wildcard: boolean };
  /** Lower is preferred (spec §5.2 order); `sequence` breaks ties (earlier deployment first). */
  readonly rank: number;
  readonly sequence: number;
  accepts(method: string): boolean;
}

export interface TrieMatch<R extends TrieRoute> {
  readonly route: R;
  readonly captures: readonly string[];
  /** What a `/*` route matched after its prefix: '' or a path starting with `/`. */
  readonly rest: string;
}

interface PatternEdge {
  readonly key: string;
  readonly regex: RegExp;
  node: TrieNode;
}

/**
 * One node per path segment. Nodes are shared between snapshots and never change once a batch
 * is over: an edit copies only the nodes on the paths it touches (path copying), so a deploy
 * costs what it changes and requests on the old snapshot keep their trie intact.
 */
class TrieNode {
  statics: StaticEdges<TrieNode> | undefined;
  patterns: PatternEdge[] | undefined;
  param: TrieNode | undefined;
  /** Routes whose template ends here, best first. */
  exact: TrieRoute[] | undefined;
  /** `/*` routes whose prefix ends here, best first. */
  wildcard: TrieRoute[] | undefined;

  constructor(readonly owner: object | undefined) {}

  copyFor(owner: object): TrieNode {
    const copy = new TrieNode(owner);
    copy.statics = this.statics?.copy();
    copy.patterns = this.patterns?.map((p) => ({ ...p }));
    copy.param = this.param;
    copy.exact = this.exact && [...this.exact];
    copy.wildcard = this.wildcard && [...this.wildcard];
    return copy;
  }

  get empty(): boolean {
    return !this.statics?.size && !this.patterns?.length && !this.param && !this.exact?.length && !this.wildcard?.length;
  }
}

/**
 * A per-vhost segment trie of routes (ARCHITECTURE §4): matching costs O(path segments), not
 * O(deployed routes). Every route that matches is considered and the best rank wins (longest
 * base path, then spec §5.2 within it, then deployment order: see CompiledRoute); a route whose
 * path item lacks the method does not match (§5.3).
 */
export class RouteTrie<R extends TrieRoute> {
  static empty<R extends TrieRoute>(): RouteTrie<R> {
    return new RouteTrie<R>(new TrieNode(undefined));
  }

  private constructor(private readonly root: TrieNode) {}

  /** A new trie with the edits applied; this one is left unchanged. */
  edit(changes: (batch: TrieBatch<R>) => void): RouteTrie<R> {
    const batch = new TrieBatch<R>(this.root);
    changes(batch);
    return new RouteTrie<R>(batch.root);
  }

  match(method: string, path: string): TrieMatch<R> | undefined {
    const search = new TrieSearch(method, path);
    search.visit(this.root, 1, 1);
    return search.best === undefined ? undefined : { route: search.best as R, captures: search.bestCaptures, rest: search.bestRest };
  }
}

/** The edits of one deploy; nodes it created are changed in place, others are copied first. */
export class TrieBatch<R extends TrieRoute> {
  private readonly token = {};
  root: TrieNode;

  constructor(root: TrieNode) {
    this.root = root;
  }

  insert(route: R): void {
    this.root = this.own(this.root);
    let node = this.root;
    for (const segment of route.template.segments) node = this.child(node, segment);
    // New arrays sized to fit, not push: tries hold hundreds of thousands of these lists.
    const key = route.template.wildcard ? 'wildcard' : 'exact';
    node[key] = [...(node[key] ?? []), route].sort(compareTrieRoutes);
  }

  remove(route: R): void {
    this.root = this.removeBelow(this.root, route, 0) ?? new TrieNode(this.token);
  }

  /** Returns the node with the route removed, or undefined when nothing is left under it. */
  private removeBelow(node: TrieNode, route: R, depth: number): TrieNode | undefined {
    const segments = route.template.segments;
    const own = this.own(node);
    if (depth === segments.length) {
      const key = route.template.wildcard ? 'wildcard' : 'exact';
      const remaining = own[key]?.filter((r) => r !== route);
      own[key] = remaining?.length ? remaining : undefined;
    } else {
      const segment = segments[depth];
      const next = this.edgeTarget(own, segment);
      if (next === undefined) return own;
      this.setEdge(own, segment, this.removeBelow(next, route, depth + 1));
    }
    return own.empty && depth > 0 ? undefined : own;
  }

  private child(node: TrieNode, segment: TemplateSegment): TrieNode {
    const existing = this.edgeTarget(node, segment);
    const next = existing === undefined ? new TrieNode(this.token) : this.own(existing);
    this.setEdge(node, segment, next);
    return next;
  }

  private edgeTarget(node: TrieNode, segment: TemplateSegment): TrieNode | undefined {
    if (segment.kind === 'static') return node.statics?.get(segment.text);
    if (segment.kind === 'param') return node.param;
    return node.patterns?.find((p) => p.key === segment.key)?.node;
  }

  /** Points `node` (owned by this batch) at `target` for `segment`; undefined removes the edge. */
  private setEdge(node: TrieNode, segment: TemplateSegment, target: TrieNode | undefined): void {
    if (segment.kind === 'static') {
      if (target === undefined) node.statics?.delete(segment.text);
      else (node.statics ??= StaticEdges.empty()).set(segment.text, target);
    } else if (segment.kind === 'param') {
      node.param = target;
    } else {
      const patterns = (node.patterns ??= []);
      const at = patterns.findIndex((p) => p.key === segment.key);
      if (target === undefined) patterns.splice(at, 1);
      else if (at >= 0) patterns[at].node = target;
      else patterns.push({ key: segment.key, regex: segment.regex, node: target });
    }
  }

  private own(node: TrieNode): TrieNode {
    return node.owner === this.token ? node : node.copyFor(this.token);
  }
}

export function compareTrieRoutes(a: TrieRoute, b: TrieRoute): number {
  return a.rank - b.rank || a.sequence - b.sequence;
}

const NO_CAPTURES: readonly string[] = [];

/** One match: walks every branch the path can take and keeps the best route found. */
class TrieSearch {
  best: TrieRoute | undefined;
  bestCaptures: readonly string[] = NO_CAPTURES;
  bestRest = '';
  /** `/a/b/` → ['', 'a', 'b', '']: segment i starts at index 1; the empty last one is the trailing slash. */
  private readonly segments: string[];
  private readonly captures: string[] = [];

  constructor(
    private readonly method: string,
    private readonly path: string,
  ) {
    this.segments = path.split('/');
  }

  /** `i`: index of the next segment; `at`: its offset in the path (for a wildcard's rest). */
  visit(node: TrieNode, i: number, at: number): void {
    const segments = this.segments;
    const last = segments.length - 1;
    const end = i > last || (i === last && segments[i] === '');
    if (node.wildcard !== undefined) this.consider(node.wildcard, i > last ? '' : this.path.slice(at - 1));
    if (end) {
      if (node.exact !== undefined) this.consider(node.exact, '');
      return;
    }
    const segment = segments[i];
    const next = at + segment.length + 1;
    const child = node.statics?.get(segment);
    if (child !== undefined) this.visit(child, i + 1, next);
    if (node.patterns !== undefined) {
      for (const edge of node.patterns) {
        const m = edge.regex.exec(segment);
        if (m === null) continue;
        for (let k = 1; k < m.length; k++) this.captures.push(m[k]);
        this.visit(edge.node, i + 1, next);
        this.captures.length -= m.length - 1;
      }
    }
    if (node.param !== undefined && segment !== '.' && segment !== '..') {
      this.captures.push(segment);
      this.visit(node.param, i + 1, next);
      this.captures.pop();
    }
  }

  private consider(routes: readonly TrieRoute[], rest: string): void {
    for (let k = 0; k < routes.length; k++) {
      const route = routes[k];
      if (this.best !== undefined && compareTrieRoutes(route, this.best) >= 0) return;
      if (!route.accepts(this.method)) continue;
      this.best = route;
      this.bestCaptures = this.captures.length === 0 ? NO_CAPTURES : this.captures.slice();
      this.bestRest = rest;
      return;
    }
  }
}
