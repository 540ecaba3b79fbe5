import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { inTransaction } from '../database/transaction';
import { CandidateEventRate } from './candidate-event-rate.entity';
import type { ProctoringEventKind, ProctoringEventSource } from './event-kinds';
import { ProctoringEvent } from './proctoring-event.entity';
import {
  autoWarningText,
  kindsOfGroup,
  ProctoringSettings,
  thresholdGroupOf,
  thresholdOutcome,
} from './thresholds';
import { isUniqueViolation } from '../database/sql';

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

/** Reports one candidate's browser may make per minute; the excess is counted, not stored. */
export const CANDIDATE_EVENTS_PER_MINUTE = 30;

/** What became of one candidate report. */
export type CandidateReportOutcome =
  | { stored: true; recorded: RecordedEvents }
  | { stored: false; dropped: number; recorded: RecordedEvents | null };

export interface ProctoringEventsRecordedEvent {
  sittingId: number;
  sittingCandidateId: number;
  events: ProctoringEvent[];
}

/** The proctoring log: append events with the server's time and apply the sitting's thresholds. */
@Injectable()
export class ProctoringEventsService {
  /** Candidates whose counter row exists (see ensureRateRow). */
  private readonly rateRows = new Set<number>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Appends in its own transaction and announces after commit. */
  async record(input: RecordEventInput, settings: ProctoringSettings, at?: Date): Promise<RecordedEvents> {
    const recorded = await inTransaction(this.ds, (m) => this.recordIn(m, input, settings, at));
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

  /**
   * Appends a report of the candidate's browser unless it exceeds the per-minute limit. Refused reports raise
   * the candidate's counter only; the first ever refused one also leaves a single 'events-dropped' entry in the
   * log (announced like any other), so that the proctor is told once rather than flooded.
   */
  async recordFromCandidate(
    input: RecordEventInput,
    settings: ProctoringSettings,
    at: Date = new Date(),
    perMinute = CANDIDATE_EVENTS_PER_MINUTE,
  ): Promise<CandidateReportOutcome> {
    await this.ensureRateRow(input.sittingId, input.sittingCandidateId, at);
    const outcome = await inTransaction(this.ds, async (m): Promise<CandidateReportOutcome> => {
      const rate = await this.countReport(m, input.sittingId, input.sittingCandidateId, at, perMinute);
      if (rate.allowed) {
        return { stored: true, recorded: await this.recordIn(m, input, settings, at) };
      }
      const recorded =
        rate.dropped === 1
          ? await this.recordIn(
              m,
              {
                sittingId: input.sittingId,
                sittingCandidateId: input.sittingCandidateId,
                attemptId: input.attemptId,
                kind: 'events-dropped',
                source: 'system',
                reason: `考生端 1 分钟内上报超过 ${perMinute} 条事件，超出部分只计数、不再逐条记录`,
                details: { perMinute },
              },
              settings,
              at,
            )
          : null;
      return { stored: false, dropped: rate.dropped, recorded };
    });
    if (outcome.recorded) {
      this.announce(outcome.recorded);
    }
    return outcome;
  }

  /**
   * Creates the candidate's counter row on its own, before any transaction counts against it: an UPDATE of a
   * missing row inside a transaction would take a gap lock on MariaDB, and two first reports of neighbouring
   * candidates would then deadlock on each other's inserts. Rows known to exist are remembered per node.
   */
  private async ensureRateRow(sittingId: number, sittingCandidateId: number, at: Date): Promise<void> {
    if (this.rateRows.has(sittingCandidateId)) {
      return;
    }
    const repo = this.ds.getRepository(CandidateEventRate);
    if (!(await repo.exists({ where: { sittingCandidateId } }))) {
      try {
        await repo.insert({
          sittingCandidateId,
          sittingId,
          windowMinute: Math.floor(at.getTime() / 60_000),
          windowCount: 0,
          dropped: 0,
        });
      } catch (err) {
        if (!isUniqueViolation(err)) {
          throw err;
        }
      }
    }
    if (this.rateRows.size >= 100_000) {
      this.rateRows.clear();
    }
    this.rateRows.add(sittingCandidateId);
  }

  /**
   * Counts one report against the candidate's minute, in the caller's transaction. The UPDATE takes the row's
   * lock (MariaDB) until the commit, so two reports of one candidate are counted one after the other. The
   * assignments are ordered so that each reads the old values on MariaDB (which applies them left to right)
   * as on SQLite (which reads old values throughout).
   */
  private async countReport(
    m: EntityManager,
    sittingId: number,
    sittingCandidateId: number,
    at: Date,
    perMinute: number,
  ): Promise<{ allowed: boolean; dropped: number }> {
    const minute = Math.floor(at.getTime() / 60_000);
    const repo = m.getRepository(CandidateEventRate);
    for (let round = 0; ; round++) {
      await m.query(
        `UPDATE candidate_event_rates
            SET dropped = dropped + CASE WHEN window_minute = ? AND window_count >= ? THEN 1 ELSE 0 END,
                window_count = CASE WHEN window_minute = ? THEN window_count + 1 ELSE 1 END,
                window_minute = ?
          WHERE sitting_candidate_id = ?`,
        [minute, perMinute, minute, minute, sittingCandidateId],
      );
      const row = await repo.findOne({ where: { sittingCandidateId } });
      if (!row) {
        this.rateRows.delete(sittingCandidateId);
      }
      if (row) {
        return { allowed: row.windowMinute === minute && row.windowCount <= perMinute, dropped: row.dropped };
      }
      try {
        await repo.insert({
          sittingCandidateId,
          sittingId,
          windowMinute: minute,
          windowCount: 1,
          dropped: 0,
        });
        return { allowed: perMinute >= 1, dropped: 0 };
      } catch (err) {
        // A concurrent first report inserted the row: count against it.
        if (!isUniqueViolation(err) || round > 0) {
          throw err;
        }
      }
    }
  }

  /** Per candidate of the sitting, how many reports were refused for exceeding the limit (only those with any). */
  async droppedInSitting(sittingId: number): Promise<Array<{ sittingCandidateId: number; dropped: number }>> {
    const rows = await this.ds
      .getRepository(CandidateEventRate)
      .createQueryBuilder('r')
      .where('r.sitting_id = :sittingId AND r.dropped > 0', { sittingId })
      .orderBy('r.sitting_candidate_id', 'ASC')
      .getMany();
    return rows.map((r) => ({ sittingCandidateId: r.sittingCandidateId, dropped: r.dropped }));
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

  /**
   * Per candidate, the latest event among `kinds` (e.g. the last connection change, the last second login or
   * its admission), read in the caller's transaction when one is given.
   */
  async lastOfKinds(
    sittingCandidateIds: number[],
    kinds: ProctoringEventKind[],
    m: EntityManager = this.ds.manager,
  ): Promise<Map<number, ProctoringEvent>> {
    const out = new Map<number, ProctoringEvent>();
    if (sittingCandidateIds.length === 0) {
      return out;
    }
    const repo = m.getRepository(ProctoringEvent);
    const latest: Array<{ id: number | string }> = await repo
      .createQueryBuilder('e')
      .select('MAX(e.id)', 'id')
      .where('e.sitting_candidate_id IN (:...ids) AND e.kind IN (:...kinds)', {
        ids: sittingCandidateIds,
        kinds,
      })
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

  /**
   * One page of the sitting's log (or of one candidate's part of it), newest first: at most `limit` rows with
   * an id below `beforeId`; the next page starts below the last id returned.
   */
  listForSitting(
    sittingId: number,
    limit: number,
    beforeId?: number,
    sittingCandidateId?: number,
  ): Promise<ProctoringEvent[]> {
    const qb = this.ds
      .getRepository(ProctoringEvent)
      .createQueryBuilder('e')
      .where('e.sitting_id = :sittingId', { sittingId })
      .orderBy('e.id', 'DESC')
      .limit(limit);
    if (beforeId) {
      qb.andWhere('e.id < :beforeId', { beforeId });
    }
    if (sittingCandidateId) {
      qb.andWhere('e.sitting_candidate_id = :sittingCandidateId', { sittingCandidateId });
    }
    return qb.getMany();
  }
}
