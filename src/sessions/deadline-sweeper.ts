import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AttemptsService, SWEEP_GRACE_MS } from './attempts.service';
import { DbClock } from './db-clock';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';

const BATCH = 500;

/**
 * An attempt still in progress this long after its deadline is overdue: the sweepers (every node, every
 * SESSIONS_SWEEP_INTERVAL_MS) should have submitted it, so something holds it (a lock, a failing database).
 */
export const OVERDUE_AFTER_MS = 2000 + SWEEP_GRACE_MS;

/**
 * Runs on every node: every SESSIONS_SWEEP_INTERVAL_MS it submits the attempts past their deadline, whether
 * or not a browser is still connected. Several nodes share the work (see AttemptsService.submitDue). Deadlines
 * are judged by the database's clock (DbClock), so a node whose own clock runs fast never submits early.
 * After each pass it counts the attempts overdue (see OVERDUE_AFTER_MS) and logs them.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DeadlineSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Attempts overdue at the last pass (-1 before the first): /health/ready shows it. */
  private overdueCount = -1;

  constructor(
    private readonly attempts: AttemptsService,
    private readonly clock: DbClock,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }

  /** One pass: submits everything due now, in batches. Returns how many it submitted. */
  async sweepOnce(now: Date = this.clock.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.attempts.submitDue(now, BATCH);
      total += n;
      if (n < BATCH) {
        return total;
      }
    }
  }

  /** The attempts overdue at the last pass (-1 before the first pass). */
  get lastOverdueCount(): number {
    return this.overdueCount;
  }

  /** Counts and logs the attempts still in progress well after their deadline. */
  async checkOverdue(now: Date = this.clock.now()): Promise<number> {
    const late = await this.attempts.overdue(now, OVERDUE_AFTER_MS);
    if (late.length > 0) {
      this.log.warn(
        {
          event: 'attempts.overdue',
          count: late.length,
          oldestDeadline: late[0].deadline.toISOString(),
          attemptIds: late.slice(0, 20).map((a) => a.id),
        },
        `${late.length} attempt(s) past their deadline and not yet submitted`,
      );
    }
    this.overdueCount = late.length;
    return late.length;
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.sweepOnce()
        .catch((err: unknown) => this.log.error({ err }, 'deadline sweep failed'))
        .then(() => this.checkOverdue())
        .then(() => undefined)
        .catch((err: unknown) => this.log.warn({ err }, 'overdue check failed'))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.settings.SESSIONS_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }
}
