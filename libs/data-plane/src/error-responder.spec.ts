import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REQUEST_ERRORS, type SoapErrorFormat, WWW_AUTHENTICATE_VALUE } from '#core';
// The test kit's plain HTTP call (a spec, not the lib: the import rule is about the lib's own code).
// eslint-disable-next-line no-restricted-imports
import { call, type CallResult } from '../../testing/src/http-call.js';
import { ErrorResponder } from './error-responder.js';
import { soapFaultBody } from './soap-fault-body.js';

const SOAP_11 = { 'content-type': 'text/xml; charset=utf-8', soapaction: 'urn:CheckPhoneNumber' };
const SOAP_12 = { 'content-type': 'application/soap+xml; action="urn:CheckPhoneNumber"' };

/**
 * A real listener whose only answer is the responder's: the API's choice comes in
 * `x-api-choice` (absent: none), a description override in `x-description`.
 */
async function listen(responder: ErrorResponder): Promise<{ server: Server; send: (headers: Record<string, string>, method?: string) => Promise<CallResult> }> {
  const server = createServer((req, res) => {
    const soapErrors = req.headers['x-api-choice'] as SoapErrorFormat | undefined;
    const description = req.headers['x-description'] as string | undefined;
    responder.send(res, description === undefined ? REQUEST_ERRORS.missingCredentials : REQUEST_ERRORS.scopeMissing, { soapErrors, description, headers: { 'x-cors': 'yes' } });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return { server, send: (headers, method = 'POST') => call({ port, path: '/soap', method, headers }) };
}

describe('ErrorResponder: SOAP faults or JSON (spec §10.3, §16.3)', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const start = async (soapErrorsInXml: boolean) => {
    const { server, send } = await listen(new ErrorResponder(soapErrorsInXml));
    servers.push(server);
    return send;
  };

  it('with the setting on, answers SOAP requests with the fault of their version and the same status and headers', async () => {
    const send = await start(true);
    const v11 = await send(SOAP_11);
    expect(v11.status).toBe(401);
    expect(v11.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(v11.headers['www-authenticate']).toBe(WWW_AUTHENTICATE_VALUE);
    expect(v11.headers['x-cors']).toBe('yes');
    expect(v11.text).toBe(soapFaultBody(REQUEST_ERRORS.missingCredentials, '1.1'));
    expect(Number(v11.headers['content-length'])).toBe(v11.body.length);

    const v12 = await send(SOAP_12);
    expect(v12.status).toBe(401);
    expect(v12.headers['content-type']).toBe('application/soap+xml; charset=utf-8');
    expect(v12.text).toBe(soapFaultBody(REQUEST_ERRORS.missingCredentials, '1.2'));

    const json = await send({ 'content-type': 'application/json' });
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.json()).toEqual({ error_message: 'Invalid Credentials', code: '900901', error_description: 'Make sure you have provided the correct security credentials' });
  });

  it('lets the API override the setting either way', async () => {
    const off = await start(false);
    expect((await off(SOAP_11)).headers['content-type']).toBe('application/json');
    expect((await off({ ...SOAP_11, 'x-api-choice': 'xml' })).text).toBe(soapFaultBody(REQUEST_ERRORS.missingCredentials, '1.1'));
    // An API asking for faults still answers JSON to a request that is no SOAP request.
    expect((await off({ 'content-type': 'text/xml', 'x-api-choice': 'xml' })).headers['content-type']).toBe('application/json');
    const on = await start(true);
    expect((await on({ ...SOAP_12, 'x-api-choice': 'json' })).headers['content-type']).toBe('application/json');
  });

  it('writes a description given for this response into the fault', async () => {
    const send = await start(true);
    const res = await send({ ...SOAP_11, 'x-description': 'User is NOT authorized to access the Resource: /<x>. Scope validation failed.' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('<detail>900910:User is NOT authorized to access the Resource: /&lt;x&gt;. Scope validation failed.</detail>');
  });

  it('answers HEAD with the fault head and no body', async () => {
    const send = await start(true);
    const res = await send(SOAP_11, 'HEAD');
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(soapFaultBody(REQUEST_ERRORS.missingCredentials, '1.1')));
    expect(res.body).toHaveLength(0);
  });

  it('writes raw responses as faults only for requests that asked, with the setting on', () => {
    const on = new ErrorResponder(true);
    const fault = soapFaultBody(REQUEST_ERRORS.methodNotAllowed, '1.2');
    expect(on.rawResponse(REQUEST_ERRORS.methodNotAllowed, 'Method Not Allowed', SOAP_12)).toBe(
      `HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/soap+xml; charset=utf-8\r\ncontent-length: ${fault.length}\r\nconnection: close\r\n\r\n${fault}`,
    );
    expect(on.rawResponse(REQUEST_ERRORS.badRequest, 'Bad Request')).toContain('content-type: application/json');
    expect(new ErrorResponder(false).rawResponse(REQUEST_ERRORS.methodNotAllowed, 'Method Not Allowed', SOAP_12)).toContain('content-type: application/json');
  });
});
