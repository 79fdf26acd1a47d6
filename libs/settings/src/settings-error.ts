/** A setting that cannot be used; the gateway does not start. */
export class SettingsError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid settings:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}
