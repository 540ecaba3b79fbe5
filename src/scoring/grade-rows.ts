import type { gradeAttempt } from './grade-attempt';
import type { GradeChangeCause } from './grade-change.entity';
import { GRADING_RULE_VERSION } from './grade-paper';
import type { GradeStatus } from './grade.entity';
import type { AttemptToGrade } from './grading.repository';

/**
 * The rows grading writes, built without a database: which grades are new, which replace an old one, which
 * stay as they are, and the history row of each change. The column lists come from one typed record per table,
 * so a column cannot drift from its value.
 */

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

export function emptyResult(): GradeRunResult {
  return { considered: 0, graded: 0, changed: 0, unchanged: 0, skipped: 0, changedAttemptIds: [] };
}

export function addResults(a: GradeRunResult, b: GradeRunResult): GradeRunResult {
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
export interface StoredGrade {
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
export interface PreparedGrade {
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

/** One row of grade_changes. */
export interface GradeChangeRow {
  campaignId: number;
  attemptId: number;
  technicianId: number;
  cause: GradeChangeCause;
  keyCorrectionId: number | null;
  beforeStatus: GradeStatus | null;
  afterStatus: GradeStatus;
  beforeScore100: number | null;
  afterScore100: number;
  beforePassed: boolean | null;
  afterPassed: boolean;
  revision: number;
  ruleVersion: string;
  actor: string;
  reason: string | null;
  createdAt: Date;
}

/** Every field of T with its column: adding a field without a column (or the reverse) does not compile. */
type ColumnsOf<T> = { readonly [K in keyof Required<T>]: string };

const GRADE_COLUMN_OF: ColumnsOf<PreparedGrade> = {
  attemptId: 'attempt_id',
  campaignId: 'campaign_id',
  sittingId: 'sitting_id',
  sittingCandidateId: 'sitting_candidate_id',
  technicianId: 'technician_id',
  agencyId: 'agency_id',
  paperId: 'paper_id',
  discipline: 'discipline',
  status: 'status',
  earned: 'earned',
  max: 'max',
  score100: 'score100',
  passMark100: 'pass_mark100',
  passed: 'passed',
  multipleRule: 'multiple_rule',
  bySection: 'by_section',
  bySource: 'by_source',
  byPart: 'by_part',
  credits: 'credits',
  keyCorrections: 'key_corrections',
  ruleVersion: 'rule_version',
  revision: 'revision',
  gradedAt: 'graded_at',
};

const CHANGE_COLUMN_OF: ColumnsOf<GradeChangeRow> = {
  campaignId: 'campaign_id',
  attemptId: 'attempt_id',
  technicianId: 'technician_id',
  cause: 'cause',
  keyCorrectionId: 'key_correction_id',
  beforeStatus: 'before_status',
  afterStatus: 'after_status',
  beforeScore100: 'before_score100',
  afterScore100: 'after_score100',
  beforePassed: 'before_passed',
  afterPassed: 'after_passed',
  revision: 'revision',
  ruleVersion: 'rule_version',
  actor: 'actor',
  reason: 'reason',
  createdAt: 'created_at',
};

/** A table's columns and each record's values in the same order, for a multi-row INSERT. */
export interface RowSet {
  columns: string[];
  values(record: object): unknown[];
}

function rowSet<T extends object>(columnOf: ColumnsOf<T>): RowSet {
  const fields = Object.keys(columnOf) as Array<keyof T & string>;
  return {
    columns: fields.map((f) => columnOf[f]),
    values: (record) => fields.map((f) => (record as T)[f]),
  };
}

export const GRADE_ROWS = rowSet(GRADE_COLUMN_OF);
export const CHANGE_ROWS = rowSet(CHANGE_COLUMN_OF);

/** Whether a stored grade already says what the new one would (then nothing is written). */
export function sameGrade(a: StoredGrade, b: PreparedGrade): boolean {
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

/** The grade row of an attempt as graded (a voided attempt scores 0, its maximum kept). */
export function prepareGrade(
  a: AttemptToGrade,
  g: ReturnType<typeof gradeAttempt>,
  now: Date,
): PreparedGrade {
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

/** What one batch writes: grades to insert, stored grade ids they replace, history rows, and the tally. */
export interface GradeWritePlan {
  inserts: PreparedGrade[];
  replaced: number[];
  changes: GradeChangeRow[];
  result: GradeRunResult;
}

/**
 * Compares freshly computed grades with the stored ones: unchanged grades are left alone; a new or changed
 * grade is inserted with the next revision (replacing the stored row) and gets a history row saying what it
 * was before and why it changed.
 */
export function planGradeWrites(
  rows: readonly PreparedGrade[],
  existing: ReadonlyMap<number, StoredGrade>,
  ctx: GradeContext,
  now: Date,
): GradeWritePlan {
  const plan: GradeWritePlan = { inserts: [], replaced: [], changes: [], result: emptyResult() };
  const { result } = plan;
  for (const fresh of rows) {
    const prev = existing.get(fresh.attemptId);
    if (prev && sameGrade(prev, fresh)) {
      result.unchanged++;
      continue;
    }
    const row = { ...fresh, revision: (prev?.revision ?? 0) + 1 };
    plan.inserts.push(row);
    if (prev) {
      plan.replaced.push(prev.id);
      result.changed++;
      if (prev.score100 !== row.score100 || prev.passed !== row.passed || prev.status !== row.status) {
        result.changedAttemptIds.push(row.attemptId);
      }
    } else {
      result.graded++;
    }
    plan.changes.push({
      campaignId: row.campaignId,
      attemptId: row.attemptId,
      technicianId: row.technicianId,
      cause: ctx.cause ?? (row.status === 'voided' ? 'voided' : prev ? 'regraded' : 'graded'),
      keyCorrectionId: ctx.keyCorrectionId ?? null,
      beforeStatus: prev?.status ?? null,
      afterStatus: row.status,
      beforeScore100: prev?.score100 ?? null,
      afterScore100: row.score100,
      beforePassed: prev ? prev.passed : null,
      afterPassed: row.passed,
      revision: row.revision,
      ruleVersion: row.ruleVersion,
      actor: ctx.actor,
      reason: ctx.reason ?? null,
      createdAt: now,
    });
  }
  return plan;
}
