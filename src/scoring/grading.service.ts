import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { AgencyComponentRow } from './agency-component.entity';
import { gradeAttempt } from './grade-attempt';
import { GradeChange } from './grade-change.entity';
import { GRADING_RULE_VERSION } from './grade-paper';
import { Grade, GradeStatus } from './grade.entity';
import { GradingRepository } from './grading.repository';
import {
  addResults,
  CHANGE_ROWS,
  emptyResult,
  GRADE_ROWS,
  planGradeWrites,
  prepareGrade,
  type GradeContext,
  type GradeRunResult,
  type PreparedGrade,
  type StoredGrade,
} from './grade-rows';

export type { GradeContext, GradeRunResult } from './grade-rows';
import { bulkInsertRows, chunks, isSqlite, isUniqueViolation } from '../database/sql';

/** Attempts read and graded together: small enough that a chunk's rows die young (cheap garbage collection). */
const CHUNK = 100;
/** Chunks read ahead at once on MySQL. */
const READ_AHEAD = 3;
/** Grades written per transaction. */
const WRITE_BATCH = 500;

interface Computed {
  considered: number;
  skipped: number;
  rows: PreparedGrade[];
  now: Date;
}

function mergeComputed(cs: Computed[]): Computed {
  return {
    considered: cs.reduce((n, c) => n + c.considered, 0),
    skipped: cs.reduce((n, c) => n + c.skipped, 0),
    rows: cs.flatMap((c) => c.rows),
    now: cs[0].now,
  };
}

/**
 * Grades closed attempts against their frozen papers, in chunks of 500 with bulk reads and multi-row writes.
 * Idempotent: a grade that would not change is left alone; every change is written to grade_changes with what
 * it was before. Runs on this node are serialised, so the listener and an administrator's "grade all" never
 * insert the same attempt twice (across nodes a unique key catches it and the chunk is retried).
 */
@Injectable()
export class GradingService {
  private readonly log = new Logger('Grading');
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: GradingRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Grades the listed attempts. Without a manager each chunk commits on its own; with one (a key correction's
   * transaction) everything happens inside it.
   */
  async gradeAttempts(
    attemptIds: readonly number[],
    ctx: GradeContext,
    m?: EntityManager,
  ): Promise<GradeRunResult> {
    const ids = [...new Set(attemptIds)].sort((a, b) => a - b);
    const slices = chunks(ids, CHUNK);
    const finality = new Map<number, boolean>();
    const withOrder = await this.repo.anyCorrections(m);
    if (m) {
      let total = emptyResult();
      for (const slice of slices) {
        total = addResults(
          total,
          await this.write(m, await this.compute(slice, finality, withOrder, m), ctx),
        );
      }
      return total;
    }
    const run = this.chain.then(async () => {
      let total = emptyResult();
      // Chunks are read and graded ahead (on MySQL several at once, on other connections) while earlier ones
      // are written; writes gather a few chunks per transaction.
      const depth = isSqlite(this.ds) ? 1 : READ_AHEAD;
      const pending: Array<Promise<Computed>> = [];
      let next = 0;
      const launch = () => {
        while (pending.length < depth && next < slices.length) {
          const p = this.compute(slices[next++], finality, withOrder);
          p.catch(() => undefined);
          pending.push(p);
        }
      };
      launch();
      let batch: Computed[] = [];
      while (pending.length > 0) {
        batch.push(await pending.shift()!);
        launch();
        if (batch.reduce((n, c) => n + c.rows.length, 0) >= WRITE_BATCH || pending.length === 0) {
          const merged = mergeComputed(batch);
          batch = [];
          total = addResults(
            total,
            await this.withRetry(() => inTransaction(this.ds, (tm) => this.write(tm, merged, ctx))),
          );
        }
      }
      return total;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The administrator's "grade all" for a campaign or one sitting: ungraded attempts, or all with `force`. */
  async gradeCampaign(
    actor: Actor,
    campaignId: number,
    opts: { sittingId?: number; force?: boolean } = {},
  ): Promise<GradeRunResult> {
    assertAdmin(actor);
    await this.assertNotFinal(campaignId);
    const ids = await this.repo.findClosedAttemptIds({ campaignId, sittingId: opts.sittingId }, !opts.force);
    const result = await this.gradeAttempts(ids, {
      actor: actorRef(actor),
      reason: opts.force ? '管理员重新评分' : null,
    });
    await this.audit.record(actor, {
      action: 'scoring.grade',
      target: opts.sittingId ? `sitting:${opts.sittingId}` : `campaign:${campaignId}`,
      details: {
        campaignId,
        sittingId: opts.sittingId ?? null,
        force: Boolean(opts.force),
        considered: result.considered,
        graded: result.graded,
        changed: result.changed,
        unchanged: result.unchanged,
        skipped: result.skipped,
        ruleVersion: GRADING_RULE_VERSION,
      },
    });
    return result;
  }

  /** A proctor re-opened a submitted attempt: its grade is no longer final until it is submitted again. */
  async markReopened(attemptId: number): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      const g = await m.findOne(Grade, { where: { attemptId } });
      if (!g || g.status === 'reopened') {
        return;
      }
      const now = new Date();
      await m.update(Grade, { id: g.id }, { status: 'reopened', revision: g.revision + 1, gradedAt: now });
      await m.insert(GradeChange, {
        campaignId: g.campaignId,
        attemptId,
        technicianId: g.technicianId,
        cause: 'reopened',
        keyCorrectionId: null,
        beforeStatus: g.status,
        afterStatus: 'reopened',
        beforeScore100: g.score100,
        afterScore100: g.score100,
        beforePassed: g.passed,
        afterPassed: g.passed,
        revision: g.revision + 1,
        ruleVersion: g.ruleVersion,
        actor: 'system',
        reason: '监考员重新开放答卷',
        createdAt: now,
      });
    });
  }

  /** Whether the campaign's results are final (its components locked). */
  async isFinal(campaignId: number, m?: EntityManager): Promise<boolean> {
    const n = await (m ?? this.ds.manager).count(AgencyComponentRow, {
      where: { campaignId, lockedAt: Not(IsNull()) },
    });
    return n > 0;
  }

  async assertNotFinal(campaignId: number, m?: EntityManager): Promise<void> {
    if (await this.isFinal(campaignId, m)) {
      throw new ConflictError('该批次成绩已公示期满并确定，不能再修改', 'results_final');
    }
  }

  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!isUniqueViolation(err)) {
        throw err;
      }
      // Another node graded one of these attempts at the same moment: the second pass sees its grade.
      return work();
    }
  }

  /** Reads a chunk and grades it in memory (no writes). */
  private async compute(
    ids: number[],
    finality: Map<number, boolean>,
    withOrder: boolean,
    m?: EntityManager,
  ): Promise<Computed> {
    const inputs = await this.repo.loadGradingInputs(ids, withOrder, m);
    const closed = inputs.filter((x) => x.attempt.status === 'submitted' || x.attempt.status === 'voided');
    const campaignIds = [...new Set(closed.map((x) => x.attempt.campaignId))];
    for (const c of campaignIds) {
      if (!finality.has(c)) {
        finality.set(c, await this.isFinal(c, m));
      }
    }
    const final = campaignIds.filter((c) => finality.get(c));
    if (final.length > 0) {
      this.log.warn(`attempts of final campaigns ${final.join(', ')} were not graded`);
    }
    const corrections = await this.repo.correctionsInForce(campaignIds, m);
    const now = new Date();
    const rows: PreparedGrade[] = [];
    let skipped = ids.length - closed.length;
    for (const x of closed) {
      if (finality.get(x.attempt.campaignId)) {
        skipped++;
        continue;
      }
      if (x.paper.questions.length === 0) {
        this.log.error(
          `attempt ${x.attempt.attemptId}: paper ${x.attempt.paperId} has no questions, not graded`,
        );
        skipped++;
        continue;
      }
      const g = gradeAttempt(
        x.paper,
        x.attempt.status === 'voided' ? 'voided' : 'submitted',
        x.responses,
        corrections.get(x.attempt.campaignId) ?? new Map(),
      );
      rows.push(prepareGrade(x.attempt, g, now));
    }
    return { considered: ids.length, skipped, rows, now };
  }

  /** Writes what changed: the new grades (replacing the old rows) and one history row each. */
  private async write(m: EntityManager, c: Computed, ctx: GradeContext): Promise<GradeRunResult> {
    if (c.rows.length === 0) {
      return { ...emptyResult(), considered: c.considered, skipped: c.skipped };
    }
    const existing = await this.existing(
      m,
      c.rows.map((r) => r.attemptId),
    );
    const plan = planGradeWrites(c.rows, existing, ctx, c.now);
    for (const ids of chunks(plan.replaced, 500)) {
      await m.delete(Grade, { id: In(ids) });
    }
    await bulkInsertRows(m, 'grades', GRADE_ROWS.columns, plan.inserts.map(GRADE_ROWS.values));
    await bulkInsertRows(m, 'grade_changes', CHANGE_ROWS.columns, plan.changes.map(CHANGE_ROWS.values));
    return { ...plan.result, considered: c.considered, skipped: c.skipped };
  }

  /** The stored grades of these attempts, as far as the comparison needs them (JSON left as stored text). */
  private async existing(m: EntityManager, attemptIds: number[]): Promise<Map<number, StoredGrade>> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT id, attempt_id, status, earned, max, score100, pass_mark100, passed, rule_version, paper_id, credits,
              key_corrections, revision
         FROM grades WHERE attempt_id IN (${attemptIds.map(() => '?').join(',')})`,
      attemptIds,
    );
    return new Map(
      rows.map((r) => [
        Number(r.attempt_id),
        {
          id: Number(r.id),
          status: r.status as GradeStatus,
          earned: Number(r.earned),
          max: Number(r.max),
          score100: Number(r.score100),
          passMark100: Number(r.pass_mark100),
          passed: Boolean(Number(r.passed)),
          ruleVersion: String(r.rule_version),
          paperId: Number(r.paper_id),
          credits: String(r.credits),
          keyCorrections: String(r.key_corrections),
          revision: Number(r.revision),
        },
      ]),
    );
  }
}
