import { ConfigService } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { ConfigError } from '../config/env';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Settings of the exam sessions, read from the environment (through ConfigService) and validated when the
 * module starts; a bad value stops the start with one line naming it.
 */
export class SessionsSettings {
  /** How often each node looks for attempts past their deadline (ms). */
  @Transform(toInt) @IsInt() @Min(50) @Max(60_000) SESSIONS_SWEEP_INTERVAL_MS = 1000;

  /** How long answer writes are gathered before one transaction commits them all (ms). */
  @Transform(toInt) @IsInt() @Min(0) @Max(100) SESSIONS_ANSWER_BATCH_MS = 5;

  /** Most answer writes in one transaction. */
  @Transform(toInt) @IsInt() @Min(1) @Max(5000) SESSIONS_ANSWER_BATCH_MAX = 400;

  /** Answer transactions in flight at once on one node (MySQL; SQLite has one connection). */
  @Transform(toInt) @IsInt() @Min(1) @Max(64) SESSIONS_ANSWER_FLUSHES = 4;

  /**
   * Longest wait for an answer's acknowledgement (ms): a save not committed by then (database locked or away)
   * is answered `unavailable` with a retry hint, and the page resends it; on MariaDB the save's lock waits are
   * bounded by the same time.
   */
  @Transform(toInt) @IsInt() @Min(200) @Max(60_000) SESSIONS_SAVE_TIMEOUT_MS = 4000;

  /**
   * Largest accepted difference between a node's clock and the database's (ms). Deadlines always use the
   * database's time; a node beyond the bound logs it, reports not-ready and shows it on the proctor console.
   */
  @Transform(toInt) @IsInt() @Min(10) @Max(600_000) CLOCK_SKEW_MAX_MS = 1000;

  /** How often each node measures its clock against the database's (ms). */
  @Transform(toInt) @IsInt() @Min(100) @Max(600_000) CLOCK_SYNC_INTERVAL_MS = 5000;

  /** Candidate logins per IP and minute: generous, since an exam room shares one NAT address. */
  @Transform(toInt) @IsInt() @Min(1) CANDIDATE_LOGIN_IP_LIMIT = 600;

  /** Candidate logins per admission ticket and minute: strict. */
  @Transform(toInt) @IsInt() @Min(1) CANDIDATE_LOGIN_TICKET_LIMIT = 6;

  /** How often the proctors' live view is pushed changed rows (ms). */
  @Transform(toInt) @IsInt() @Min(20) @Max(1000) PROCTOR_VIEW_FLUSH_MS = 250;

  /**
   * Where candidates sign in: the initial default of the exam address, until an administrator sets one
   * under 系统设置 (stored in `exam_settings`, which wins).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'EXAM_LOGIN_URL must be an http(s) address such as https://exam.example.cn/exam',
  })
  EXAM_LOGIN_URL?: string;

  /** Printed at the head of every admission ticket. */
  @IsString() EXAM_ORGANISER = '临沂市应急管理局';

  /**
   * Tests and benchmarks only: synthetic samples and papers (simple-sources.ts) stand in for the draw and
   * paper assembly. Refused in production.
   */
  @Transform(toBool) @IsBoolean() SESSIONS_SIMPLE_SOURCES = false;

  /** Technicians per campaign in the synthetic sample. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) SESSIONS_SIMPLE_SAMPLE_SIZE = 40;

  /** Questions per synthetic paper. */
  @Transform(toInt) @IsInt() @Min(3) @Max(300) SESSIONS_SIMPLE_QUESTIONS = 12;

  @IsOptional() @IsString() REDIS_URL?: string;
}

// Optional settings have no default, so they are not keys of a fresh instance: list them here.
const KEYS = Object.keys(new SessionsSettings()).concat('REDIS_URL', 'EXAM_LOGIN_URL');

export function readSessionsSettings(config: ConfigService): SessionsSettings {
  const raw: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = config.get<unknown>(k);
    if (v !== undefined && v !== '') {
      raw[k] = v;
    }
  }
  const s = plainToInstance(SessionsSettings, raw, { exposeDefaultValues: true });
  const errors = validateSync(s);
  if (errors.length > 0) {
    const e = errors[0];
    throw new ConfigError(
      `Invalid configuration: ${e.property} — ${Object.values(e.constraints ?? {})[0] ?? 'invalid'} (got ${JSON.stringify(e.value)})`,
    );
  }
  if (s.SESSIONS_SIMPLE_SOURCES && config.get<string>('NODE_ENV') === 'production') {
    throw new ConfigError(
      'Invalid configuration: SESSIONS_SIMPLE_SOURCES — tests and benchmarks only, never in production',
    );
  }
  return s;
}
