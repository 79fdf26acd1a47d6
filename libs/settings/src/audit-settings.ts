import { IsString, MinLength } from 'class-validator';

/** The admin audit log: every deploy, undeploy and login attempt of the admin API. */
export class AuditSettings {
  /**
   * `log`: through the gateway's log (context `Audit`), written whatever `logging.level` says.
   * A file path (relative: to the start directory, like dataDir): one JSON object per line, appended, reopened on
   * SIGHUP, kept apart from the other log lines.
   */
  @IsString() @MinLength(1) destination: 'log' | (string & {}) = 'log';
}
