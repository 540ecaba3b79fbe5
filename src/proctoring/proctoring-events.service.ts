import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { inTransaction } from '../database/transaction';
import type { ProctoringEventKind, ProctoringEventSource } from './event-kinds';
import { ProctoringEvent } from './proctoring-event.entity';
import {
  autoWarningText,
  kindsOfGroup,
  ProctoringSettings,
  thresholdGroupOf,
  thresholdOutcome,
} from './thresholds';

export const ProctoringEvents = {
  /** New rows in the proctoring log (for the live feed). */
  recorded: 'proctoring.recorded',
} as const;

export interface RecordEventInput {
  sittingId: number;
  sittingCandidateId: number;
  attemptId: number | null;
  kind: ProctoringEventKind;
  source: ProctoringEventSource;
  actorId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  clientAt?: Date | null;
}

/** What one record produced: the stored rows and what the thresholds triggered. */
export interface RecordedEvents {
  sittingId: number;
  sittingCandidateId: number;
  events: ProctoringEvent[];
  /** The automatic warning to push to the candidate, if a threshold was reached. */
  warning: string | null;
}

export interface ProctoringEventsRecordedEvent {
  sittingId: number;
  sittingCandidateId: number;
  events: ProctoringEvent[];
}

/** The proctoring log: append events with the server's time and apply the sitting's thresholds. */
@Injectable()
export class ProctoringEventsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Appends in its own transaction and announces after commit. */
  async record(input: RecordEventInput, settings: ProctoringSettings): Promise<RecordedEvents> {
    const recorded = await inTransaction(this.ds, (m) => this.recordIn(m, input, settings));
    this.announce(recorded);
    return recorded;
  }

  /**
   * Appends inside the caller's transaction; a counted kind may add an automatic warning and a flag. The
   * caller announces the result after its commit.
   */
  async recordIn(
    m: EntityManager,
    input: RecordEventInput,
    settings: ProctoringSettings,
    at: Date = new Date(),
  ): Promise<RecordedEvents> {
    const repo = m.getRepository(ProctoringEvent);
    const row = (extra: Partial<ProctoringEvent>): ProctoringEvent =>
      repo.create({
        sittingId: input.sittingId,
        sittingCandidateId: input.sittingCandidateId,
        attemptId: input.attemptId,
        actorId: null,
        reason: null,
        details: null,
        clientAt: null,
        at,
        ...extra,
      });
    const events = [
      await repo.save(
        row({
          kind: input.kind,
          source: input.source,
          actorId: input.actorId ?? null,
          reason: input.reason ?? null,
          details: input.details ?? null,
          clientAt: input.clientAt ?? null,
        }),
      ),
    ];
    let warning: string | null = null;
    const group = thresholdGroupOf(input.kind);
    if (group) {
      const count = await repo.count({
        where: { sittingCandidateId: input.sittingCandidateId, kind: In(kindsOfGroup(group)) },
      });
      const outcome = thresholdOutcome(settings.thresholds[group], count);
      if (outcome.warn) {
        warning = autoWarningText(group, count);
        events.push(
          await repo.save(
            row({ kind: 'auto-warning', source: 'system', reason: warning, details: { group, count } }),
          ),
        );
      }
      if (outcome.flag) {
        events.push(
          await repo.save(
            row({
              kind: 'flagged',
              source: 'system',
              reason: `${group} 达到 ${count} 次`,
              details: { group, count },
            }),
          ),
        );
      }
    }
    return { sittingId: input.sittingId, sittingCandidateId: input.sittingCandidateId, events, warning };
  }

  announce(r: RecordedEvents): void {
    const payload: ProctoringEventsRecordedEvent = {
      sittingId: r.sittingId,
      sittingCandidateId: r.sittingCandidateId,
      events: r.events,
    };
    this.emitter.emit(ProctoringEvents.recorded, payload);
  }

  /** Per candidate, how many events of each kind. */
  async countsByCandidate(
    sittingCandidateIds: number[],
  ): Promise<Map<number, Partial<Record<ProctoringEventKind, number>>>> {
    const out = new Map<number, Partial<Record<ProctoringEventKind, number>>>();
    if (sittingCandidateIds.length === 0) {
      return out;
    }
    const rows: Array<{ cid: number; kind: ProctoringEventKind; n: number | string }> = await this.ds
      .getRepository(ProctoringEvent)
      .createQueryBuilder('e')
      .select('e.sitting_candidate_id', 'cid')
      .addSelect('e.kind', 'kind')
      .addSelect('COUNT(*)', 'n')
      .where('e.sitting_candidate_id IN (:...ids)', { ids: sittingCandidateIds })
      .groupBy('e.sitting_candidate_id')
      .addGroupBy('e.kind')
      .getRawMany();
    for (const r of rows) {
      const cid = Number(r.cid);
      const counts = out.get(cid) ?? {};
      counts[r.kind] = Number(r.n);
      out.set(cid, counts);
    }
    return out;
  }

  /** Each candidate's latest event. */
  async lastByCandidate(sittingCandidateIds: number[]): Promise<Map<number, ProctoringEvent>> {
    const out = new Map<number, ProctoringEvent>();
    if (sittingCandidateIds.length === 0) {
      return out;
    }
    const repo = this.ds.getRepository(ProctoringEvent);
    const latest: Array<{ id: number | string }> = await repo
      .createQueryBuilder('e')
      .select('MAX(e.id)', 'id')
      .where('e.sitting_candidate_id IN (:...ids)', { ids: sittingCandidateIds })
      .groupBy('e.sitting_candidate_id')
      .getRawMany();
    if (latest.length === 0) {
      return out;
    }
    const rows = await repo.find({ where: { id: In(latest.map((l) => Number(l.id))) } });
    for (const r of rows) {
      out.set(r.sittingCandidateId, r);
    }
    return out;
  }

  /** The sitting's log, newest first. */
  listForSitting(sittingId: number, limit: number, beforeId?: number): Promise<ProctoringEvent[]> {
    const qb = this.ds
      .getRepository(ProctoringEvent)
      .createQueryBuilder('e')
      .where('e.sitting_id = :sittingId', { sittingId })
      .orderBy('e.id', 'DESC')
      .limit(limit);
    if (beforeId) {
      qb.andWhere('e.id < :beforeId', { beforeId });
    }
    return qb.getMany();
  }

  listForCandidate(sittingCandidateId: number): Promise<ProctoringEvent[]> {
    return this.ds
      .getRepository(ProctoringEvent)
      .find({ where: { sittingCandidateId }, order: { id: 'ASC' } });
  }
}
