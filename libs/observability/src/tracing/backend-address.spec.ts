import { BackendAddresses } from './backend-address.js';

describe('BackendAddresses', () => {
  const addresses = new BackendAddresses();

  it.each([
    ['http://127.0.0.1:8080/v1', { url: 'http://127.0.0.1:8080/v1', host: '127.0.0.1', port: 8080 }],
    ['https://pets.example/api?key=secret#top', { url: 'https://pets.example/api', host: 'pets.example', port: 443 }],
    ['http://user:pw@pets.example', { url: 'http://pets.example/', host: 'pets.example', port: 80 }],
    ['http://[::1]:9000/x', { url: 'http://[::1]:9000/x', host: '::1', port: 9000 }],
    ['ws://chat.example/socket', { url: 'ws://chat.example/socket', host: 'chat.example', port: 80 }],
    ['production endpoints', { url: 'production endpoints', host: undefined, port: undefined }],
  ])('%s', (endpoint, expected) => {
    expect(addresses.of(endpoint)).toEqual(expected);
  });

  it('parses an endpoint once', () => {
    expect(addresses.of('http://127.0.0.1:8080/v1')).toBe(addresses.of('http://127.0.0.1:8080/v1'));
  });
});
