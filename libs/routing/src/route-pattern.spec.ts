import { RoutePattern } from './route-pattern.js';

describe('RoutePattern (spec §5.2, §5.4)', () => {
  it('matches parameters as one non-empty segment and substitutes them upstream', () => {
    const p = new RoutePattern('/v2', '/pet/{petId}');
    expect(p.match('/v2/pet/1')).toBe('/pet/1');
    expect(p.match('/v2/pet/1/')).toBe('/pet/1');
    expect(p.match('/v2/pet/')).toBeUndefined();
    expect(p.match('/v2/pet/1/more')).toBeUndefined();
    expect(p.paramCount).toBe(1);
  });

  it('keeps the trailing slash of the template, not of the request', () => {
    const noSlash = new RoutePattern('/v2', '/echo-full/no-slash/{id}');
    const withSlash = new RoutePattern('/v2', '/echo-full/with-slash/{id}/');
    expect(noSlash.match('/v2/echo-full/no-slash/1/')).toBe('/echo-full/no-slash/1');
    expect(withSlash.match('/v2/echo-full/with-slash/1')).toBe('/echo-full/with-slash/1/');
    expect(withSlash.match('/v2/echo-full/with-slash/1/additional')).toBeUndefined();
  });

  it('matches whole paths only', () => {
    const p = new RoutePattern('/echo-full', '/chars');
    expect(p.match('/echo-full/chars')).toBe('/chars');
    expect(p.match('/echo-full/charsAdditional')).toBeUndefined();
  });

  it('lets /* match nothing, a slash, or any rest, and forwards the rest', () => {
    const p = new RoutePattern('/no-basepath', '/*');
    expect(p.wildcard).toBe(true);
    expect(p.match('/no-basepath')).toBe('');
    expect(p.match('/no-basepath/')).toBe('/');
    expect(p.match('/no-basepath/a/b')).toBe('/a/b');
    expect(p.match('/no-basepathx')).toBeUndefined();
  });

  it('drops a query part of the template and escapes literal characters', () => {
    const p = new RoutePattern('/api.v1', '/items.json?x={y}');
    expect(p.match('/api.v1/items.json')).toBe('/items.json');
    expect(p.match('/apixv1/itemsxjson')).toBeUndefined();
  });
});
