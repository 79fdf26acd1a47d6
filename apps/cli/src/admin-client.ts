/** A deployed API as the admin API lists it. */
export interface DeployedApi {
  readonly name: string;
  readonly version: string;
}

/** One thing the admin API found wrong, as its error body lists them. */
export interface AdminProblem {
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

/** The gateway cannot be reached, or refuses the credentials: nothing can be compared or applied. */
export class GatewayUnavailableError extends Error {
  override readonly name = 'GatewayUnavailableError';
}

/** The admin API refused a deploy or an undeploy; `problems` are its own. */
export class AdminRefusal extends Error {
  override readonly name = 'AdminRefusal';
  constructor(
    message: string,
    readonly problems: readonly AdminProblem[],
  ) {
    super(message);
  }
}

export interface AdminConnection {
  readonly url: string;
  /** The Authorization header value (Basic or Bearer). */
  readonly authorization?: string;
}

/** The calls of Portico's admin API (`/portico/v1`) that `diff` and `sync` make. */
export class AdminClient {
  constructor(private readonly connection: AdminConnection) {}

  async list(): Promise<DeployedApi[]> {
    const answer = (await this.json(await this.call('GET', '/portico/v1/apis'))) as { list: DeployedApi[] };
    return answer.list.map(({ name, version }) => ({ name, version }));
  }

  /** The definition as deployed (backend secrets masked). */
  async definition(api: DeployedApi): Promise<string> {
    const response = await this.call('GET', `${resourceOf(api)}/definition`);
    await this.refusedUnlessOk(response);
    return response.text();
  }

  /** Deploys a project zip or a definition document, replacing what is deployed under its name. */
  async deploy(body: Buffer, contentType: string): Promise<void> {
    await this.refusedUnlessOk(await this.call('POST', '/portico/v1/apis?override=true', { body, contentType }));
  }

  async undeploy(api: DeployedApi): Promise<void> {
    await this.refusedUnlessOk(await this.call('DELETE', resourceOf(api)));
  }

  private async call(method: string, path: string, upload?: { body: Buffer; contentType: string }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.connection.authorization) headers.authorization = this.connection.authorization;
    if (upload) headers['content-type'] = upload.contentType;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.connection.url), { method, headers, body: upload ? new Uint8Array(upload.body) : undefined });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new GatewayUnavailableError(`cannot reach the admin API at ${this.connection.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new GatewayUnavailableError(`the admin API at ${this.connection.url} refused the credentials (${response.status})`);
    }
    return response;
  }

  private async json(response: Response): Promise<unknown> {
    await this.refusedUnlessOk(response);
    return response.json();
  }

  private async refusedUnlessOk(response: Response): Promise<void> {
    if (response.ok) return;
    const text = await response.text();
    let body: { message?: string; problems?: AdminProblem[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not the admin API's error body: its text is the message.
    }
    throw new AdminRefusal(`${response.status} ${body.message ?? text}`, body.problems ?? []);
  }
}

function resourceOf(api: DeployedApi): string {
  return `/portico/v1/apis/${encodeURIComponent(api.name)}/${encodeURIComponent(api.version)}`;
}
