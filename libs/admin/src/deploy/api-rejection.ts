import { DeployRejectedError, type Problem } from '#core';

/**
 * A refused deploy or undeploy of an API the pipeline could name (its definition was read, or
 * the undeploy named it), so that the admin API's log line says which API it was about.
 */
export class ApiRejectedError extends DeployRejectedError {
  constructor(
    /** `name:version` */
    readonly api: string,
    problems: readonly Problem[],
  ) {
    super(problems);
  }
}

/** `error` naming `api`, when it is a rejection that names no API yet; anything else unchanged. */
export function namingApi(error: unknown, api: string | undefined): unknown {
  if (api === undefined || !(error instanceof DeployRejectedError) || error instanceof ApiRejectedError) return error;
  return new ApiRejectedError(api, error.problems);
}
