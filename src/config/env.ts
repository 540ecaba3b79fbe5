import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** Every setting the service reads from its environment; documented in README.md (Configuration). */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** mysql://user:pass@host:port/db (or mariadb://…); absent means the embedded SQLite file. */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_$-]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:pass@host:port/database (or mariadb://…)',
  })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  SQLITE_PATH = './data/choukao.sqlite';

  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_START = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 20;

  /** Signs access tokens; required on MySQL (several nodes must share it), generated per data file on SQLite. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /**
   * Keys the audit chain (HMAC-SHA256); must not be stored in the database. Required in production on MySQL (all
   * nodes and the verifier share it); generated per data file on SQLite (kept beside it, like the JWT secret).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUDIT_KEY must be at least 32 characters' })
  AUDIT_KEY?: string;

  /** Lifetime of staff access tokens, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  /** How long a staff sign-in may be kept alive by refreshing its token, in hours. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(72)
  STAFF_SESSION_MAX_HOURS = 12;

  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3-64 letters, digits, _ . -' })
  ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /** Login attempts allowed per IP and minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Public lookups allowed per IP and minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOOKUP_RATE_LIMIT = 30;

  /**
   * Which reverse proxies' X-Forwarded-For to believe for the client's address (rate limits, logs): "false"
   * (the default: the connection's own address), "true" (any; only behind a proxy that overwrites the header),
   * or a comma-separated list of proxy addresses or CIDR ranges, e.g. "127.0.0.1,10.0.0.0/8".
   */
  @IsString()
  @Matches(/^(true|false|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false or a comma-separated list of addresses or CIDR ranges',
  })
  TRUST_PROXY = 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** redis://host:port; when set, socket.io nodes share rooms through Redis. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:port' })
  REDIS_URL?: string;

  /**
   * Prefix of everything this deployment keeps in Redis (socket.io channels, rate-limit counters, revocations).
   * Unset: `choukao:` + the deployment id stored in its own database, so that nodes of one deployment share it
   * and two deployments on one Redis never hear each other.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, {
    message: 'SOCKET_IO_REDIS_KEY must be 1-64 letters, digits or : _ . -',
  })
  SOCKET_IO_REDIS_KEY?: string;

  /** Directory with the full law texts used to verify question bases. */
  @IsString()
  LAWS_DIR = '../shared/laws';

  @IsString()
  QUESTION_BANK_DIR = './question-bank';

  /** Import the shipped question bank on start. */
  @Transform(toBool)
  @IsBoolean()
  QBANK_IMPORT_ON_START = true;

  /** Counties/districts offered by the roster template and accepted by imports, comma-separated (default: 临沂's). */
  @IsOptional()
  @IsString()
  ROSTER_COUNTIES?: string;

  /** Serve the built browser app from this directory. */
  @IsString()
  WEB_DIST = './web/dist';
}

export class ConfigError extends Error {}

/** Validates raw environment variables; throws ConfigError with one line naming the first bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== '' && v !== undefined) {
      cleaned[k] = v;
    }
  }
  const env = plainToInstance(Env, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const e = errors[0];
    const reason = Object.values(e.constraints ?? {})[0] ?? 'invalid';
    throw new ConfigError(
      `Invalid configuration: ${e.property} — ${reason} (got ${JSON.stringify(e.value)})`,
    );
  }
  if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET — required in production on MySQL (all nodes must share it)',
    );
  }
  if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.AUDIT_KEY) {
    throw new ConfigError(
      'Invalid configuration: AUDIT_KEY — required in production on MySQL (keys the audit chain; keep it out of the database)',
    );
  }
  return env;
}

/** Fastify's trustProxy setting from TRUST_PROXY. */
export function trustProxyOption(value: string): boolean | string[] {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return value.split(',').map((s) => s.trim());
}
