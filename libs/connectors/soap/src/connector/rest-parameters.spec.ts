import { PathTemplate, passedQuery } from './rest-parameters.js';

describe('REST parameters of a REST-to-SOAP request', () => {
  it('reads path parameters by the resource template, percent-decoded, and every query parameter', () => {
    const template = new PathTemplate('/orders/{orderId}/lines/{line}');
    expect(template.names).toEqual(['orderId', 'line']);
    expect(template.parameters('/orders/A%2F7/lines/2?withLines=true&tag=a&tag=b')).toEqual({ orderId: 'A/7', line: '2', withLines: 'true', tag: ['a', 'b'] });
    expect(template.parameters('/orders/7/lines/2/')).toEqual({ orderId: '7', line: '2' });
  });

  it('lets a path parameter win over a query parameter of the same name, and reads none from a path that does not fit', () => {
    const template = new PathTemplate('/orders/{orderId}');
    expect(template.parameters('/orders/7?orderId=8')).toEqual({ orderId: '7' });
    expect(template.parameters('/other/7?x=1')).toEqual({ x: '1' });
    expect(new PathTemplate('/*').parameters('/a/b?q=%20x')).toEqual({ q: ' x' });
  });

  it('passes on, as written, the query parameters that fill no input field', () => {
    const fields = new Map([['withLines', undefined]]);
    expect(passedQuery('/orders/7?withLines=true&key=a%2Bb', fields)).toBe('?key=a%2Bb');
    expect(passedQuery('/orders/7?withLines=true', fields)).toBe('');
    expect(passedQuery('/orders/7', fields)).toBe('');
  });
});
