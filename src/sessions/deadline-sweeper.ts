import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AttemptsService } from './attempts.service';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';

const BATCH = 500;

/**
 * Runs on every node: every SESSIONS_SWEEP_INTERVAL_MS it submits the attempts past their deadline, whether
 * or not a browser is still connected. Several nodes share the work (see AttemptsService.submitDue).
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DeadlineSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly attempts: AttemptsService,
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
  async sweepOnce(now: Date = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.attempts.submitDue(now, BATCH);
      total += n;
      if (n < BATCH) {
        return total;
      }
    }
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.sweepOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.log.error({ err }, 'deadline sweep failed'))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.settings.SESSIONS_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }
}
