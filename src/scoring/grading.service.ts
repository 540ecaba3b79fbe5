import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AuditService, isUniqueViolation } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { AgencyComponentRow } from './agency-component.entity';
import { gradeAttempt } from './grade-attempt';
import { GradeChange, GradeChangeCause } from './grade-change.entity';
import { GRADING_RULE_VERSION } from './grade-paper';
import { Grade } from './grade.entity';
import { AttemptToGrade, GradingRepository } from './grading.repository';

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

const CHUNK = 500;

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

function sameGrade(a: Grade, b: Grade): boolean {
  return (
    a.status === b.status &&
    a.earned === b.earned &&
    a.max === b.max &&
    a.score100 === b.score100 &&
    a.passMark100 === b.passMark100 &&
    Boolean(a.passed) === Boolean(b.passed) &&
    a.ruleVersion === b.ruleVersion &&
    a.paperId === b.paperId &&
    JSON.stringify(a.credits) === JSON.stringify(b.credits) &&
    JSON.stringify(a.keyCorrections) === JSON.stringify(b.keyCorrections)
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
    if (m) {
      let total = emptyResult();
      for (let i = 0; i < ids.length; i += CHUNK) {
        total = add(total, await this.gradeChunk(m, ids.slice(i, i + CHUNK), ctx));
      }
      return total;
    }
    const run = this.chain.then(async () => {
      let total = emptyResult();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        total = add(
          total,
          await this.withRetry(() => inTransaction(this.ds, (tm) => this.gradeChunk(tm, chunk, ctx))),
        );
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

  private async gradeChunk(m: EntityManager, ids: number[], ctx: GradeContext): Promise<GradeRunResult> {
    const result = emptyResult();
    result.considered = ids.length;
    const all = await this.repo.findAttempts(ids, m);
    const closed = all.filter((a) => a.status === 'submitted' || a.status === 'voided');
    const campaignIds = [...new Set(closed.map((a) => a.campaignId))];
    const final = new Set<number>();
    for (const c of campaignIds) {
      if (await this.isFinal(c, m)) {
        final.add(c);
      }
    }
    const todo = closed.filter((a) => !final.has(a.campaignId));
    result.skipped = ids.length - todo.length;
    if (final.size > 0) {
      this.log.warn(`attempts of final campaigns ${[...final].join(', ')} were not graded`);
    }
    if (todo.length === 0) {
      return result;
    }
    const papers = await this.repo.loadPapers([...new Set(todo.map((a) => a.paperId))], m);
    const answers = await this.repo.loadAnswers(
      todo.filter((a) => a.status === 'submitted').map((a) => a.attemptId),
      m,
    );
    const corrections = await this.repo.correctionsInForce(campaignIds, m);
    const existing = new Map(
      (await m.find(Grade, { where: { attemptId: In(todo.map((a) => a.attemptId)) } })).map((g) => [
        g.attemptId,
        g,
      ]),
    );
    const now = new Date();
    const inserts: Grade[] = [];
    const replaced: number[] = [];
    const changes: Array<Partial<GradeChange>> = [];
    for (const a of todo) {
      const paper = papers.get(a.paperId);
      if (!paper || paper.questions.length === 0) {
        this.log.error(`attempt ${a.attemptId}: paper ${a.paperId} not found, not graded`);
        result.skipped++;
        continue;
      }
      const g = gradeAttempt(
        paper,
        a.status === 'voided' ? 'voided' : 'submitted',
        answers.get(a.attemptId) ?? new Map(),
        corrections.get(a.campaignId) ?? new Map(),
      );
      const row = this.toRow(a, g, now);
      const prev = existing.get(a.attemptId);
      if (prev && sameGrade(prev, row)) {
        result.unchanged++;
        continue;
      }
      row.revision = (prev?.revision ?? 0) + 1;
      inserts.push(row);
      if (prev) {
        replaced.push(prev.id);
        result.changed++;
        if (
          prev.score100 !== row.score100 ||
          Boolean(prev.passed) !== row.passed ||
          prev.status !== row.status
        ) {
          result.changedAttemptIds.push(a.attemptId);
        }
      } else {
        result.graded++;
      }
      changes.push({
        campaignId: a.campaignId,
        attemptId: a.attemptId,
        technicianId: a.technicianId,
        cause: ctx.cause ?? (row.status === 'voided' ? 'voided' : prev ? 'regraded' : 'graded'),
        keyCorrectionId: ctx.keyCorrectionId ?? null,
        beforeStatus: prev?.status ?? null,
        afterStatus: row.status,
        beforeScore100: prev?.score100 ?? null,
        afterScore100: row.score100,
        beforePassed: prev ? Boolean(prev.passed) : null,
        afterPassed: row.passed,
        revision: row.revision,
        ruleVersion: row.ruleVersion,
        actor: ctx.actor,
        reason: ctx.reason ?? null,
        createdAt: now,
      });
    }
    if (replaced.length > 0) {
      await m.delete(Grade, { id: In(replaced) });
    }
    for (let i = 0; i < inserts.length; i += 200) {
      await m
        .createQueryBuilder()
        .insert()
        .into(Grade)
        .values(inserts.slice(i, i + 200))
        .updateEntity(false)
        .execute();
    }
    for (let i = 0; i < changes.length; i += 500) {
      await m
        .createQueryBuilder()
        .insert()
        .into(GradeChange)
        .values(changes.slice(i, i + 500))
        .updateEntity(false)
        .execute();
    }
    return result;
  }

  private toRow(a: AttemptToGrade, g: ReturnType<typeof gradeAttempt>, now: Date): Grade {
    const row = new Grade();
    row.attemptId = a.attemptId;
    row.campaignId = a.campaignId;
    row.sittingId = a.sittingId;
    row.sittingCandidateId = a.sittingCandidateId;
    row.technicianId = a.technicianId;
    row.agencyId = a.agencyId;
    row.paperId = a.paperId;
    row.discipline = a.discipline;
    row.status = g.status;
    row.earned = g.status === 'voided' ? 0 : g.grade.earned;
    row.max = g.grade.max;
    row.score100 = g.status === 'voided' ? 0 : g.grade.score100;
    row.passMark100 = g.passMark100;
    row.passed = g.passed;
    row.multipleRule = g.multipleRule;
    row.bySection = g.grade.bySection;
    row.bySource = g.grade.bySource;
    row.byPart = g.grade.byPart;
    row.credits = g.credits;
    row.keyCorrections = g.appliedCorrections;
    row.ruleVersion = GRADING_RULE_VERSION;
    row.revision = 1;
    row.gradedAt = now;
    return row;
  }
}
