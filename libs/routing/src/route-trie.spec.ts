import type { ApiDefinition, HttpMethod, Operation, Resource } from '#core';
import { CompiledRoute } from './compiled-route.js';
import { RouteTrie } from './route-trie.js';

let sequence = 0;

/** A route for `template` under `basePath`, declaring `methods`. */
function route(basePath: string, template: string, methods: HttpMethod[] = ['GET'], api = 'A'): CompiledRoute {
  const operations = methods.map((method) => ({ method, disableSecurity: true, security: [], location: '' }) as Operation);
  const resource: Resource = { path: template, operations, endpoints: {}, location: `#/paths/${template}` };
  const target = {
    api: { name: api } as ApiDefinition,
    resource,
    operations,
    security: [],
    allow: '',
    clusters: {},
    keyTypeIndependent: false,
    cors: undefined,
    backendJwt: undefined,
  };
  return new CompiledRoute(target, basePath, ++sequence);
}

function trieOf(...routes: CompiledRoute[]): RouteTrie<CompiledRoute> {
  return RouteTrie.empty<CompiledRoute>().edit((batch) => routes.forEach((r) => batch.insert(r)));
}

/** What a request reaches: `<template> <upstream path>`, or undefined. */
function reach(trie: RouteTrie<CompiledRoute>, path: string, method = 'GET'): string | undefined {
  const found = trie.match(method, path);
  return found && `${found.route.target.resource.path} ${found.route.toMatch(found, method).upstreamPath}`;
}

describe('RouteTrie: matching (spec §5.2) and upstream paths (spec §5.4)', () => {
  it('matches a parameter as one non-empty segment and substitutes it upstream', () => {
    const trie = trieOf(route('/v2', '/pet/{petId}'));
    expect(reach(trie, '/v2/pet/1')).toBe('/pet/{petId} /pet/1');
    expect(reach(trie, '/v2/pet/1/')).toBe('/pet/{petId} /pet/1');
    expect(reach(trie, '/v2/pet/')).toBeUndefined();
    expect(reach(trie, '/v2/pet/1/more')).toBeUndefined();
  });

  it('never lets a parameter match a dot segment', () => {
    const trie = trieOf(route('/v2', '/pet/{petId}/x'));
    expect(reach(trie, '/v2/pet/../x')).toBeUndefined();
    expect(reach(trie, '/v2/pet/./x')).toBeUndefined();
    expect(reach(trie, '/v2/pet/.a/x')).toBe('/pet/{petId}/x /pet/.a/x');
  });

  it('keeps the trailing slash of the template, not of the request', () => {
    const trie = trieOf(route('/v2', '/echo-full/no-slash/{id}'), route('/v2', '/echo-full/with-slash/{id}/'));
    expect(reach(trie, '/v2/echo-full/no-slash/1/')).toBe('/echo-full/no-slash/{id} /echo-full/no-slash/1');
    expect(reach(trie, '/v2/echo-full/with-slash/1')).toBe('/echo-full/with-slash/{id}/ /echo-full/with-slash/1/');
    expect(reach(trie, '/v2/echo-full/with-slash/1/additional')).toBeUndefined();
  });

  it('matches whole paths only', () => {
    const trie = trieOf(route('/echo-full', '/chars'));
    expect(reach(trie, '/echo-full/chars')).toBe('/chars /chars');
    expect(reach(trie, '/echo-full/charsAdditional')).toBeUndefined();
    expect(reach(trie, '/echo-full')).toBeUndefined();
  });

  it('lets /* match nothing, a slash or any rest, and forwards the rest', () => {
    const trie = trieOf(route('/no-basepath', '/*'));
    expect(reach(trie, '/no-basepath')).toBe('/* ');
    expect(reach(trie, '/no-basepath/')).toBe('/* /');
    expect(reach(trie, '/no-basepath/a/b')).toBe('/* /a/b');
    expect(reach(trie, '/no-basepathx')).toBeUndefined();
  });

  it('serves a root base path and a root resource', () => {
    const trie = trieOf(route('', '/'), route('', '/*', ['POST']));
    expect(reach(trie, '/')).toBe('/ '); // the data plane sends an empty upstream path as `/`
    expect(reach(trie, '/anything', 'POST')).toBe('/* /anything');
  });

  it('drops the query part of a template and matches literal characters literally', () => {
    const trie = trieOf(route('/api.v1', '/items.json?x={y}'));
    expect(reach(trie, '/api.v1/items.json')).toBe('/items.json?x={y} /items.json');
    expect(reach(trie, '/apixv1/itemsxjson')).toBeUndefined();
  });

  it('matches segments mixing text and parameters', () => {
    const trie = trieOf(route('/f', '/files/{name}.{ext}'));
    expect(reach(trie, '/f/files/report.final.pdf')).toBe('/files/{name}.{ext} /files/report.final.pdf');
    expect(reach(trie, '/f/files/report')).toBeUndefined();
  });

  describe('order when several routes match', () => {
    it('prefers a concrete path to a parameter', () => {
      const trie = trieOf(route('/o', '/pets/{id}'), route('/o', '/pets/findByStatus'));
      expect(reach(trie, '/o/pets/findByStatus')).toBe('/pets/findByStatus /pets/findByStatus');
      expect(reach(trie, '/o/pets/9')).toBe('/pets/{id} /pets/9');
    });

    it('prefers fewer parameters, wherever they are', () => {
      const trie = trieOf(route('', '/a/{x}/{y}'), route('', '/{p}/b/c'));
      expect(reach(trie, '/a/b/c')).toBe('/{p}/b/c /a/b/c');
      expect(reach(trie, '/a/z/c')).toBe('/a/{x}/{y} /a/z/c');
    });

    it('tries wildcards last, even behind a longer static prefix', () => {
      const trie = trieOf(route('', '/a/b/*'), route('', '/a/{x}/c'));
      expect(reach(trie, '/a/b/c')).toBe('/a/{x}/c /a/b/c');
      expect(reach(trie, '/a/b/d')).toBe('/a/b/* /a/b/d');
    });

    it('prefers templates containing a dot among equal parameter counts', () => {
      const trie = trieOf(route('/f', '/files/{name}'), route('/f', '/files/{name}.json'));
      expect(reach(trie, '/f/files/a.json')).toBe('/files/{name}.json /files/a.json');
      expect(reach(trie, '/f/files/a.xml')).toBe('/files/{name} /files/a.xml');
    });

    it('prefers the API with the longer base path, even over a more specific route of another', () => {
      const shop = route('/shop', '/{a}/{b}', ['GET'], 'default-version');
      const v1 = route('/shop/1.0.0', '/*', ['GET'], 'v1');
      expect(trieOf(shop, v1).match('GET', '/shop/1.0.0/x')?.route.target.api.name).toBe('v1');
      expect(trieOf(shop, v1).match('GET', '/shop/2.0.0/x')?.route.target.api.name).toBe('default-version');
    });

    it('prefers the longer base path, then the earlier deployment', () => {
      const shop = route('/shop', '/v1/{x}', ['GET'], 'shop');
      const shopV1 = route('/shop/v1', '/{x}', ['GET'], 'shopV1');
      expect(trieOf(shop, shopV1).match('GET', '/shop/v1/7')?.route.target.api.name).toBe('shopV1');
      const first = route('/same', '/{x}', ['GET'], 'first');
      const second = route('/same', '/{y}', ['GET'], 'second');
      expect(trieOf(second, first).match('GET', '/same/1')?.route.target.api.name).toBe('first');
    });

    it('falls through to the next route when the best one lacks the method (§5.3)', () => {
      const trie = trieOf(route('/o', '/pets/findByStatus', ['GET']), route('/o', '/pets/{id}', ['POST']));
      expect(reach(trie, '/o/pets/findByStatus', 'POST')).toBe('/pets/{id} /pets/findByStatus');
      expect(reach(trie, '/o/pets/findByStatus', 'DELETE')).toBeUndefined();
      expect(reach(trie, '/o/pets/findByStatus', 'OPTIONS')).toBe('/pets/findByStatus /pets/findByStatus');
    });
  });

  describe('edits', () => {
    it('leaves the previous trie untouched and prunes what a removal empties', () => {
      const a = route('/a', '/x/{id}');
      const b = route('/b', '/y');
      const before = trieOf(a);
      const after = before.edit((batch) => batch.insert(b));
      expect(reach(before, '/b/y')).toBeUndefined();
      expect(reach(after, '/b/y')).toBe('/y /y');
      const removed = after.edit((batch) => batch.remove(a));
      expect(reach(removed, '/a/x/1')).toBeUndefined();
      expect(reach(after, '/a/x/1')).toBe('/x/{id} /x/1');
      expect(reach(removed, '/b/y')).toBe('/y /y');
    });

    it('keeps matching and path copying right when thousands of routes share a segment', () => {
      const routes = Array.from({ length: 2000 }, (_, i) => route(`/apis/api${i}`, '/items/{id}', ['GET'], `api${i}`));
      const full = trieOf(...routes);
      const fewer = full.edit((batch) => routes.slice(0, 1000).forEach((r) => batch.remove(r)));
      const more = fewer.edit((batch) => batch.insert(route('/apis/late', '/items/{id}', ['GET'], 'late')));
      expect(full.match('GET', '/apis/api10/items/1')?.route.target.api.name).toBe('api10');
      expect(fewer.match('GET', '/apis/api10/items/1')).toBeUndefined();
      expect(fewer.match('GET', '/apis/api1999/items/1')?.route.target.api.name).toBe('api1999');
      expect(fewer.match('GET', '/apis/late/items/1')).toBeUndefined();
      expect(more.match('GET', '/apis/late/items/1')?.route.target.api.name).toBe('late');
      expect(more.match('GET', '/apis/api1500/items/7')?.route.target.api.name).toBe('api1500');
    });

    it('keeps a route that shares its pattern with a removed one', () => {
      const a = route('/same', '/{x}', ['GET'], 'a');
      const b = route('/same', '/{x}', ['GET'], 'b');
      const trie = trieOf(a, b).edit((batch) => batch.remove(a));
      expect(trie.match('GET', '/same/1')?.route.target.api.name).toBe('b');
    });
  });
});
