import { ConfigService } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { ConfigError } from '../config/env';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/**
 * Settings of public results, read through ConfigService and validated when the module starts (a bad value stops
 * the start with one line). The per-IP lookup limit is LOOKUP_RATE_LIMIT (env.ts).
 */
export class PublicationSettings {
  /** Lookups per entered name, and per entered ID/ticket number, within the window (shared by nodes with REDIS_URL). */
  @Transform(toInt) @IsInt() @Min(1) LOOKUP_IDENTITY_LIMIT = 10;

  @Transform(toInt) @IsInt() @Min(10) @Max(86_400) LOOKUP_IDENTITY_WINDOW_SECONDS = 600;

  /** Every lookup answers after at least this long, found or not, so timing tells nothing. */
  @Transform(toInt) @IsInt() @Min(0) @Max(2000) LOOKUP_MIN_RESPONSE_MS = 10;

  /** Working days of the notice period (公示期). */
  @Transform(toInt) @IsInt() @Min(1) @Max(60) NOTICE_WORKING_DAYS = 7;
}

const KEYS = Object.keys(new PublicationSettings());

export const PUBLICATION_SETTINGS = Symbol('PUBLICATION_SETTINGS');

export function readPublicationSettings(config: ConfigService): PublicationSettings {
  const raw: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = config.get<unknown>(k);
    if (v !== undefined && v !== '') {
      raw[k] = v;
    }
  }
  const s = plainToInstance(PublicationSettings, raw, { exposeDefaultValues: true });
  const errors = validateSync(s);
  if (errors.length > 0) {
    const e = errors[0];
    throw new ConfigError(
      `Invalid configuration: ${e.property} — ${Object.values(e.constraints ?? {})[0] ?? 'invalid'} (got ${JSON.stringify(e.value)})`,
    );
  }
  return s;
}
