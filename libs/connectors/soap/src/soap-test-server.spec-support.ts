import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import soap, { type IServices } from 'soap';

export interface RunningSoapServer {
  /** The service URL: http://127.0.0.1:<port><path>. */
  readonly url: string;
  /** Raw requests received, to check what went over the wire. */
  readonly requests: { url: string; headers: Record<string, string | string[] | undefined>; body: string }[];
  close(): Promise<void>;
}

/**
 * A real SOAP service made with the soap package on 127.0.0.1, port 0. `path` must be the path of
 * the port's soap:address (soap's server picks the port by it); `soap12` answers SOAP 1.2 envelopes.
 */
export async function startSoapServer(options: {
  wsdl: string;
  path: string;
  services: IServices;
  soap12?: boolean;
  /** Serve HTTPS with this certificate. */
  tls?: { cert: string; key: string };
}): Promise<RunningSoapServer> {
  const requests: RunningSoapServer['requests'] = [];
  const server: Server = options.tls ? createHttpsServer(options.tls) : createServer();
  await new Promise<void>((resolve, reject) => {
    const callback = (error: unknown) => (error ? reject(error) : resolve());
    soap.listen(server, { path: options.path, services: options.services, xml: options.wsdl, forceSoap12Headers: options.soap12 ?? false, suppressStack: true, callback });
  });
  // Added once soap has taken over the server's listeners, so that it runs beside soap's.
  server.on('request', (request) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => requests.push({ url: request.url ?? '', headers: request.headers, body }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${options.path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
