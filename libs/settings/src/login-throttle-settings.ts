import { IsInt, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * Throttling of failed admin logins (HTTP Basic on every admin route and the token endpoint),
 * counted per user name and per client address, as fail2ban's maxretry / findtime / bantime
 * with `bantime.increment`: after `maxFailures` failures each further failure locks the name
 * or address out for twice as long as the previous lockout, from `lockoutMs` up to `maxLockoutMs`.
 */
export class LoginThrottleSettings {
  /** Failed logins allowed per user name and per client address before the first lockout. */
  @IsInt() @Min(1) @Max(1000) maxFailures = 5;
  /** Failures are forgotten this long after the last failure or lockout (ms). */
  @IsInt() @Min(1000) windowMs = 15 * 60_000;
  /** First lockout (ms); every further failure doubles it. Answered 429 with Retry-After. */
  @IsInt() @Min(1000) lockoutMs = 60_000;
  /** Longest lockout (ms). */
  @IsInt() @Min(1000) @AtLeastProperty('lockoutMs') maxLockoutMs = 15 * 60_000;
  /** User names and addresses remembered at most; the least recently failed are forgotten first. */
  @IsInt() @Min(100) @Max(1_000_000) maxEntries = 10_000;
}

/** The value must not be smaller than another property of the same object. */
function AtLeastProperty(other: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'atLeastProperty',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: { message: `$property must not be smaller than ${other}` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const bound = (args.object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof bound !== 'number' || value >= bound;
        },
      },
    });
}
