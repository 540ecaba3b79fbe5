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
import { GradeChange, GradeChangeCause } from './grade-change.entity';
import { GRADING_RULE_VERSION } from './grade-paper';
import { Grade, GradeStatus } from './grade.entity';
import { AttemptToGrade, GradingRepository } from './grading.repository';
import { bulkInsertRows, chunks, isSqlite, isUniqueViolation } from '../database/sql';

/** Who grades and why; the cause is derived per attempt unless given (a key correction names itself). */
export interface GradeContext {
  /** "system" or actorRef(actor). */
  actor: string;
  cause?: GradeChangeCause;
  keyCorrectionId?: number | null;
  reason?: string | null;
}

export interface GradeRunResult {
  /** Attempts looked at. */
  considered: number;
  /** Graded for the first time. */
  graded: number;
  /** Grades that changed (re-graded, voided, corrected). */
  changed: number;
  unchanged: number;
  /** Not closed, no paper, or in a campaign whose results are final. */
  skipped: number;
  /** Attempt ids whose score100 or pass status changed (for callers that report them). */
  changedAttemptIds: number[];
}

/** Attempts read and graded together: small enough that a chunk's rows die young (cheap garbage collection). */
const CHUNK = 100;
/** Chunks read ahead at once on MySQL. */
const READ_AHEAD = 3;
/** Grades written per transaction. */
const WRITE_BATCH = 500;

function emptyResult(): GradeRunResult {
  return { considered: 0, graded: 0, changed: 0, unchanged: 0, skipped: 0, changedAttemptIds: [] };
}

function add(a: GradeRunResult, b: GradeRunResult): GradeRunResult {
  return {
    considered: a.considered + b.considered,
    graded: a.graded + b.graded,
    changed: a.changed + b.changed,
    unchanged: a.unchanged + b.unchanged,
    skipped: a.skipped + b.skipped,
    changedAttemptIds: a.changedAttemptIds.concat(b.changedAttemptIds),
  };
}

/** A stored grade as the comparison reads it (JSON columns as their stored text). */
interface StoredGrade {
  id: number;
  status: GradeStatus;
  earned: number;
  max: number;
  score100: number;
  passMark100: number;
  passed: boolean;
  ruleVersion: string;
  paperId: number;
  credits: string;
  keyCorrections: string;
  revision: number;
}

/**
 * A computed grade ready to write, its JSON columns already serialised: the per-question arrays are dropped as
 * soon as the attempt is graded instead of living until the batch is written.
 */
interface PreparedGrade {
  attemptId: number;
  campaignId: number;
  sittingId: number;
  sittingCandidateId: number;
  technicianId: number;
  agencyId: number;
  paperId: number;
  discipline: string;
  status: GradeStatus;
  earned: number;
  max: number;
  score100: number;
  passMark100: number;
  passed: boolean;
  multipleRule: string;
  bySection: string;
  bySource: string;
  byPart: string;
  credits: string;
  keyCorrections: string;
  ruleVersion: string;
  revision: number;
  gradedAt: Date;
}

interface Computed {
  considered: number;
  skipped: number;
  rows: PreparedGrade[];
  now: Date;
}

const GRADE_COLUMNS = [
  'attempt_id',
  'campaign_id',
  'sitting_id',
  'sitting_candidate_id',
  'technician_id',
  'agency_id',
  'paper_id',
  'discipline',
  'status',
  'earned',
  'max',
  'score100',
  'pass_mark100',
  'passed',
  'multiple_rule',
  'by_section',
  'by_source',
  'by_part',
  'credits',
  'key_corrections',
  'rule_version',
  'revision',
  'graded_at',
];

const CHANGE_COLUMNS = [
  'campaign_id',
  'attempt_id',
  'technician_id',
  'cause',
  'key_correction_id',
  'before_status',
  'after_status',
  'before_score100',
  'after_score100',
  'before_passed',
  'after_passed',
  'revision',
  'rule_version',
  'actor',
  'reason',
  'created_at',
];

function mergeComputed(cs: Computed[]): Computed {
  return {
    considered: cs.reduce((n, c) => n + c.considered, 0),
    skipped: cs.reduce((n, c) => n + c.skipped, 0),
    rows: cs.flatMap((c) => c.rows),
    now: cs[0].now,
  };
}

function sameGrade(a: StoredGrade, b: PreparedGrade): boolean {
  return (
    a.status === b.status &&
    a.earned === b.earned &&
    a.max === b.max &&
    a.score100 === b.score100 &&
    a.passMark100 === b.passMark100 &&
    a.passed === b.passed &&
    a.ruleVersion === b.ruleVersion &&
    a.paperId === b.paperId &&
    a.credits === b.credits &&
    a.keyCorrections === b.keyCorrections
  );
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
        total = add(total, await this.write(m, await this.compute(slice, finality, withOrder, m), ctx));
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
          total = add(
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
      rows.push(this.toRow(x.attempt, g, now));
    }
    return { considered: ids.length, skipped, rows, now };
  }

  /** Writes what changed: the new grades (replacing the old rows) and one history row each. */
  private async write(m: EntityManager, c: Computed, ctx: GradeContext): Promise<GradeRunResult> {
    const result = emptyResult();
    result.considered = c.considered;
    result.skipped = c.skipped;
    if (c.rows.length === 0) {
      return result;
    }
    const existing = await this.existing(
      m,
      c.rows.map((r) => r.attemptId),
    );
    const inserts: PreparedGrade[] = [];
    const replaced: number[] = [];
    const changes: unknown[][] = [];
    for (const row of c.rows) {
      const prev = existing.get(row.attemptId);
      if (prev && sameGrade(prev, row)) {
        result.unchanged++;
        continue;
      }
      row.revision = (prev?.revision ?? 0) + 1;
      inserts.push(row);
      if (prev) {
        replaced.push(prev.id);
        result.changed++;
        if (prev.score100 !== row.score100 || prev.passed !== row.passed || prev.status !== row.status) {
          result.changedAttemptIds.push(row.attemptId);
        }
      } else {
        result.graded++;
      }
      changes.push([
        row.campaignId,
        row.attemptId,
        row.technicianId,
        ctx.cause ?? (row.status === 'voided' ? 'voided' : prev ? 'regraded' : 'graded'),
        ctx.keyCorrectionId ?? null,
        prev?.status ?? null,
        row.status,
        prev?.score100 ?? null,
        row.score100,
        prev ? prev.passed : null,
        row.passed,
        row.revision,
        row.ruleVersion,
        ctx.actor,
        ctx.reason ?? null,
        c.now,
      ]);
    }
    for (let i = 0; i < replaced.length; i += 500) {
      await m.delete(Grade, { id: In(replaced.slice(i, i + 500)) });
    }
    await bulkInsertRows(
      m,
      'grades',
      GRADE_COLUMNS,
      inserts.map((g) => [
        g.attemptId,
        g.campaignId,
        g.sittingId,
        g.sittingCandidateId,
        g.technicianId,
        g.agencyId,
        g.paperId,
        g.discipline,
        g.status,
        g.earned,
        g.max,
        g.score100,
        g.passMark100,
        g.passed,
        g.multipleRule,
        g.bySection,
        g.bySource,
        g.byPart,
        g.credits,
        g.keyCorrections,
        g.ruleVersion,
        g.revision,
        g.gradedAt,
      ]),
    );
    await bulkInsertRows(m, 'grade_changes', CHANGE_COLUMNS, changes);
    return result;
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

  private toRow(a: AttemptToGrade, g: ReturnType<typeof gradeAttempt>, now: Date): PreparedGrade {
    const voided = g.status === 'voided';
    return {
      attemptId: a.attemptId,
      campaignId: a.campaignId,
      sittingId: a.sittingId,
      sittingCandidateId: a.sittingCandidateId,
      technicianId: a.technicianId,
      agencyId: a.agencyId,
      paperId: a.paperId,
      discipline: a.discipline,
      status: g.status,
      earned: voided ? 0 : g.grade.earned,
      max: g.grade.max,
      score100: voided ? 0 : g.grade.score100,
      passMark100: g.passMark100,
      passed: g.passed,
      multipleRule: g.multipleRule,
      bySection: JSON.stringify(g.grade.bySection),
      bySource: JSON.stringify(g.grade.bySource),
      byPart: JSON.stringify(g.grade.byPart),
      credits: JSON.stringify(g.credits),
      keyCorrections: JSON.stringify(g.appliedCorrections),
      ruleVersion: GRADING_RULE_VERSION,
      revision: 1,
      gradedAt: now,
    };
  }
}
