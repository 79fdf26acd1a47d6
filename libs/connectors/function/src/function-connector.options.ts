/** What `FunctionConnectorModule.forRoot` is given. */
export interface FunctionConnectorModuleOptions {
  /** Where handler modules live: absolute, or relative to the process's working directory. */
  readonly directory: string;
}

/** Injection token of the module's options. */
export const FUNCTION_CONNECTOR_OPTIONS = Symbol('portico.FunctionConnectorOptions');
