import { REQUEST_ERRORS } from '#core';
import { RequestPathNormaliser } from './request-path.js';

describe('RequestPathNormaliser (RFC 3986 §5.2.4, §6.2.2)', () => {
  const reject = new RequestPathNormaliser('reject');

  it.each([
    ['/a/b/c', '/a/b/c'],
    ['/', '/'],
    ['/a/b/', '/a/b/'],
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/../../x', '/x'],
    ['/..', '/'],
    ['/a//b///c', '/a/b/c'],
    ['//a', '/a'],
    ['/a/%2e%2e/b', '/b'],
    ['/a/%2E./b', '/b'],
    ['/a/.%2e', '/'],
    ['/%41%7e%2d%5f', '/A~-_'],
    ['/a%20b/%e2%82%ac', '/a%20b/%E2%82%AC'],
    ['/.well-known/x', '/.well-known/x'],
    ['/a/.hidden/..x', '/a/.hidden/..x'],
    ['/items;v=1/x', '/items;v=1/x'],
  ])('%s → %s', (path, normal) => {
    expect(reject.normalise(path)).toBe(normal);
  });

  it.each([
    ['/a/%2F', REQUEST_ERRORS.escapedSlash],
    ['/a/%5c', REQUEST_ERRORS.escapedSlash],
    ['/a\\b', REQUEST_ERRORS.escapedSlash],
    ['/a/%00', REQUEST_ERRORS.badPathEncoding],
    ['/a/%', REQUEST_ERRORS.badPathEncoding],
    ['/a/%g1', REQUEST_ERRORS.badPathEncoding],
    ['/a/..;x/b', REQUEST_ERRORS.hiddenDotSegment],
    ['/a/.;/b', REQUEST_ERRORS.hiddenDotSegment],
  ])('refuses %s', (path, error) => {
    expect(reject.normalise(path)).toBe(error);
  });

  it('unescape: escaped slashes and backslashes become slashes before dot segments are resolved', () => {
    const unescape = new RequestPathNormaliser('unescape');
    expect(unescape.normalise('/a/..%2Fb')).toBe('/b');
    expect(unescape.normalise('/a/b%5C..%5Cc')).toBe('/a/c');
    expect(unescape.normalise('/a\\..\\x')).toBe('/x');
  });

  it('keep: escaped slashes stay escaped, but a dot segment hidden behind one is refused', () => {
    const keep = new RequestPathNormaliser('keep');
    expect(keep.normalise('/a/b%2fc')).toBe('/a/b%2Fc');
    expect(keep.normalise('/a/b\\c')).toBe('/a/b%5Cc');
    expect(keep.normalise('/a/..%2Fb')).toBe(REQUEST_ERRORS.hiddenDotSegment);
    expect(keep.normalise('/a/x%2F..')).toBe(REQUEST_ERRORS.hiddenDotSegment);
    expect(keep.normalise('/a/x%5C.%5Cy')).toBe(REQUEST_ERRORS.hiddenDotSegment);
  });
});
