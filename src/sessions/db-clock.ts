import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isSqlite } from '../database/sql';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';

/** How this node's clock compares with the database's, as /health/ready and the proctor console show it. */
export interface ClockStatus {
  /** This node's clock minus the database's (ms): positive when the node runs fast. Null before a measurement. */
  skewMs: number | null;
  /** The documented bound (CLOCK_SKEW_MAX_MS). */
  boundMs: number;
  /** Measured, and within the bound. */
  ok: boolean;
  /** Round trip of the best sample of the last measurement (ms); the offset is uncertain by half of it. */
  rttMs: number | null;
  /** When the last successful measurement was taken (database time, ISO). */
  measuredAt: string | null;
  /** Why the last measurement failed, if it did. */
  error: string | null;
}

/** Samples per measurement: the one with the shortest round trip gives the tightest midpoint. */
const SAMPLES = 3;

/**
 * The one authoritative clock of the cluster: the database's. Every node measures the offset of its own clock
 * to the database's (the database's time read with microseconds, compared with the midpoint of the round trip,
 * best of three) on start and every CLOCK_SYNC_INTERVAL_MS, and `now()` is the node's clock corrected by it.
 * Start, deadline, the receipt of an answer and the sweeper all read `now()`, so a node whose clock is off
 * still judges deadlines as every other node does; a skew beyond CLOCK_SKEW_MAX_MS is logged and makes the
 * node report not-ready, since other code (tokens, logs) still reads the node's own clock. Between two
 * measurements `now()` runs on the monotonic clock (`performance.now()`) from the last one, so a step of the
 * node's wall clock (a manual change, an NTP jump) does not move a deadline either.
 *
 * On the embedded SQLite database the "database clock" is the operating system's clock read by SQLite on the
 * same machine: there is one node, and the measurement only corrects a process whose own clock was shifted.
 */
@Injectable()
export class DbClock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DbClock.name);
  /** The database's time (ms) at the monotonic instant `perf` of the last measurement; null before one. */
  private base: { db: number; perf: number } | null = null;
  /** The node's wall clock minus the database's at the last measurement (ms). */
  private skewMs: number | null = null;
  private rttMs: number | null = null;
  private error: string | null = null;
  private wasOk: boolean | null = null;
  private lastLoggedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.sync().finally(() => (this.running = null));
      }
    }, this.settings.CLOCK_SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
  }

  /** The database's time now, as this node best knows it. */
  now(): Date {
    const b = this.base;
    return b ? new Date(Math.round(b.db + (performance.now() - b.perf))) : new Date();
  }

  status(): ClockStatus {
    const skewMs = this.skewMs;
    return {
      skewMs: skewMs === null ? null : Math.round(skewMs),
      boundMs: this.settings.CLOCK_SKEW_MAX_MS,
      ok: skewMs !== null && Math.abs(skewMs) <= this.settings.CLOCK_SKEW_MAX_MS,
      rttMs: this.rttMs === null ? null : Math.round(this.rttMs * 10) / 10,
      measuredAt: this.base ? new Date(Math.round(this.base.db)).toISOString() : null,
      error: this.error,
    };
  }

  /** Measures the offset again; a failed measurement keeps the previous offset and records why. */
  async sync(): Promise<ClockStatus> {
    try {
      let best: { db: number; perf: number; skew: number; rtt: number } | null = null;
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = Date.now();
        const p0 = performance.now();
        const dbMs = await this.readDbMs();
        const rtt = performance.now() - p0;
        // The database read its clock somewhere within the round trip: the midpoint is the best estimate.
        if (!best || rtt < best.rtt) {
          best = { db: dbMs, perf: p0 + rtt / 2, skew: t0 + rtt / 2 - dbMs, rtt };
        }
      }
      this.base = { db: best!.db, perf: best!.perf };
      this.skewMs = best!.skew;
      this.rttMs = best!.rtt;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      this.log.warn({ err, event: 'clock.measure-failed' }, 'could not read the database clock');
    }
    const s = this.status();
    this.report(s);
    return s;
  }

  private report(s: ClockStatus): void {
    if (s.skewMs === null) {
      return;
    }
    const now = Date.now();
    if (!s.ok && (this.wasOk !== false || now - this.lastLoggedAt > 60_000)) {
      this.lastLoggedAt = now;
      this.log.error(
        { event: 'clock.skew', skewMs: s.skewMs, boundMs: s.boundMs, rttMs: s.rttMs },
        `this node's clock differs from the database's by ${s.skewMs} ms (bound ${s.boundMs} ms); deadlines use the database's time`,
      );
    } else if (s.ok && this.wasOk === false) {
      this.log.log({ event: 'clock.skew-recovered', skewMs: s.skewMs, boundMs: s.boundMs });
    }
    this.wasOk = s.ok;
  }

  /** The database's current time in ms since the epoch, with sub-millisecond precision where it has it. */
  private async readDbMs(): Promise<number> {
    if (isSqlite(this.ds)) {
      // SQLite asks the operating system (not the JavaScript Date), in milliseconds.
      const rows: Array<{ ms: number }> = await this.ds.query(
        "SELECT (julianday('now') - 2440587.5) * 86400000.0 AS ms",
      );
      return Number(rows[0].ms);
    }
    // UNIX_TIMESTAMP of NOW(6) does not depend on the session's time zone.
    const rows: Array<{ s: string | number }> = await this.ds.query('SELECT UNIX_TIMESTAMP(NOW(6)) AS s');
    const v = Number(rows[0].s) * 1000;
    if (!Number.isFinite(v)) {
      throw new Error(`unexpected database time ${String(rows[0].s)}`);
    }
    return v;
  }
}
