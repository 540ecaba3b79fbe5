import { CHANGE_ROWS, GRADE_ROWS, planGradeWrites, type PreparedGrade, type StoredGrade } from './grade-rows';

const now = new Date('2026-06-02T08:00:00Z');

function fresh(attemptId: number, over: Partial<PreparedGrade> = {}): PreparedGrade {
  return {
    attemptId,
    campaignId: 7,
    sittingId: 3,
    sittingCandidateId: 100 + attemptId,
    technicianId: 200 + attemptId,
    agencyId: 9,
    paperId: 300 + attemptId,
    discipline: 'safety-evaluation',
    status: 'graded',
    earned: 72,
    max: 100,
    score100: 72,
    passMark100: 60,
    passed: true,
    multipleRule: 'partial',
    bySection: '[]',
    bySource: '[]',
    byPart: '[]',
    credits: '[1,0,1]',
    keyCorrections: '[]',
    ruleVersion: 'grading-v3',
    revision: 1,
    gradedAt: now,
    ...over,
  };
}

function stored(g: PreparedGrade, id: number, revision: number): StoredGrade {
  return {
    id,
    status: g.status,
    earned: g.earned,
    max: g.max,
    score100: g.score100,
    passMark100: g.passMark100,
    passed: g.passed,
    ruleVersion: g.ruleVersion,
    paperId: g.paperId,
    credits: g.credits,
    keyCorrections: g.keyCorrections,
    revision,
  };
}

describe('the rows grading writes', () => {
  it('puts every value under its own column, in both tables', () => {
    const g = fresh(1);
    const values = GRADE_ROWS.values(g);
    expect(GRADE_ROWS.columns).toHaveLength(values.length);
    const byColumn = Object.fromEntries(GRADE_ROWS.columns.map((c, i) => [c, values[i]]));
    expect(byColumn).toMatchObject({
      attempt_id: 1,
      sitting_candidate_id: 101,
      pass_mark100: 60,
      key_corrections: '[]',
      graded_at: now,
    });
    expect(new Set(GRADE_ROWS.columns).size).toBe(GRADE_ROWS.columns.length);
    expect(new Set(CHANGE_ROWS.columns).size).toBe(CHANGE_ROWS.columns.length);
  });

  it('grades new attempts, leaves unchanged ones alone and replaces changed ones with the next revision', () => {
    const same = fresh(1);
    const changed = fresh(2, { earned: 40, score100: 40, passed: false, credits: '[0,0,1]' });
    const added = fresh(3);
    const existing = new Map([
      [1, stored(same, 11, 1)],
      [2, stored(fresh(2), 12, 2)],
    ]);
    const plan = planGradeWrites([same, changed, added], existing, { actor: 'user:5', reason: '复核' }, now);
    expect(plan.result).toMatchObject({ graded: 1, changed: 1, unchanged: 1, changedAttemptIds: [2] });
    expect(plan.replaced).toEqual([12]);
    expect(plan.inserts.map((g) => [g.attemptId, g.revision])).toEqual([
      [2, 3],
      [3, 1],
    ]);
    // The computed rows themselves are not changed.
    expect(changed.revision).toBe(1);
    const history = plan.changes.map((c) =>
      Object.fromEntries(CHANGE_ROWS.columns.map((k, i) => [k, CHANGE_ROWS.values(c)[i]])),
    );
    expect(history).toEqual([
      expect.objectContaining({
        attempt_id: 2,
        cause: 'regraded',
        before_score100: 72,
        after_score100: 40,
        before_passed: true,
        after_passed: false,
        revision: 3,
        actor: 'user:5',
        reason: '复核',
        key_correction_id: null,
        created_at: now,
      }),
      expect.objectContaining({
        attempt_id: 3,
        cause: 'graded',
        before_status: null,
        before_score100: null,
        revision: 1,
      }),
    ]);
  });

  it('names a voided attempt and a key correction as the cause, and reports a change in credits alone as changed', () => {
    const voided = fresh(4, { status: 'voided', earned: 0, score100: 0, passed: false });
    const recredited = fresh(5, { credits: '[1,1,1]' });
    const existing = new Map([
      [4, stored(fresh(4), 14, 1)],
      [5, stored(fresh(5), 15, 1)],
    ]);
    const byCorrection = planGradeWrites(
      [recredited],
      existing,
      { actor: 'user:1', cause: 'key-correction', keyCorrectionId: 8 },
      now,
    );
    expect(byCorrection.changes[0]).toMatchObject({ cause: 'key-correction', keyCorrectionId: 8 });
    // Same score and pass: changed, but not among the attempts whose result moved.
    expect(byCorrection.result).toMatchObject({ changed: 1, changedAttemptIds: [] });
    const plan = planGradeWrites([voided], existing, { actor: 'system' }, now);
    expect(plan.changes[0]).toMatchObject({ cause: 'voided', beforeStatus: 'graded', afterStatus: 'voided' });
    expect(plan.result.changedAttemptIds).toEqual([4]);
  });
});
