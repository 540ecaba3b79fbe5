import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  AttemptReopenedEvent,
  AttemptSubmittedEvent,
  AttemptVoidedEvent,
  SessionEvents,
} from '../sessions/session-events';
import { GradingService } from './grading.service';

/** How long submissions are gathered before one grading run (a deadline submits hundreds at once). */
const GATHER_MS = 25;
const MAX_BATCH = 1000;

/**
 * Grades attempts as sessions close them. Events arrive one per attempt; they are gathered for a few
 * milliseconds and graded together, so a shared deadline means one bulk run, not a thousand small ones.
 * A failure is logged and the attempts stay ungraded for the administrator's "grade all" to pick up.
 */
@Injectable()
export class GradingListener implements OnModuleDestroy {
  private readonly log = new Logger('GradingListener');
  private pending = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly grading: GradingService) {}

  @OnEvent(SessionEvents.attemptSubmitted)
  onSubmitted(e: AttemptSubmittedEvent | number): void {
    this.enqueue(typeof e === 'number' ? e : e.attemptId);
  }

  @OnEvent(SessionEvents.attemptVoided)
  onVoided(e: AttemptVoidedEvent): void {
    this.enqueue(e.attemptId);
  }

  @OnEvent(SessionEvents.attemptReopened)
  onReopened(e: AttemptReopenedEvent): void {
    this.running = this.running
      .then(() => this.grading.markReopened(e.attemptId))
      .catch((err: unknown) =>
        this.log.error({ err, attemptId: e.attemptId }, 'could not mark a re-opened grade'),
      );
  }

  /** Resolves once everything received so far is graded (tests; shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0 || this.timer) {
      this.flushNow();
      await this.running;
    }
    await this.running;
  }

  /** Grades what was received before the data source closes. */
  async onModuleDestroy(): Promise<void> {
    await this.drain();
  }

  private enqueue(attemptId: number): void {
    this.pending.add(attemptId);
    if (this.pending.size >= MAX_BATCH) {
      this.flushNow();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flushNow(), GATHER_MS);
      this.timer.unref();
    }
  }

  private flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0) {
      return;
    }
    const ids = [...this.pending];
    this.pending = new Set();
    this.running = this.running
      .then(async () => {
        await this.grading.gradeAttempts(ids, { actor: 'system' });
      })
      .catch((err: unknown) => this.log.error({ err, attempts: ids.length }, 'grading failed'));
  }
}
