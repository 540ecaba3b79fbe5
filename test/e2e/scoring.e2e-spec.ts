import ExcelJS from 'exceljs';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import type { KeyedQuestion } from '../../src/papers/paper-view';
import type { AnswerValue } from '../../src/question-bank/question-type';
import { GradingListener } from '../../src/scoring/grading.listener';
import { AttemptsService } from '../../src/sessions/attempts.service';
import { SessionEvents } from '../../src/sessions/session-events';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, CampaignFixture, Candidate, seedCampaign, wrongAnswer } from './scoring-fixture';

interface Scenario {
  fx: CampaignFixture;
  perfect: Candidate;
  atPassMark: Candidate;
  voided: Candidate;
  absent: Candidate;
  weak: Candidate[];
}

/** Judge and single right, one multiple right: 4 + 6 + 2 = 12 of 20 points, exactly the pass mark. */
function passMarkAnswers(questions: readonly KeyedQuestion[]): Map<number, AnswerValue> {
  const m = new Map<number, AnswerValue>();
  const firstMultiple = questions.find((q) => q.type === 'multiple')!;
  for (const q of questions) {
    if (q.type !== 'multiple' || q === firstMultiple) {
      m.set(q.questionId, q.key);
    }
  }
  return m;
}

/** Judge right, single wrong, multiple blank: 4 of 20 points (20.00). */
function weakAnswers(questions: readonly KeyedQuestion[]): Map<number, AnswerValue> {
  const m = new Map<number, AnswerValue>();
  for (const q of questions) {
    if (q.type === 'judge') {
      m.set(q.questionId, q.key);
    } else if (q.type === 'single') {
      m.set(q.questionId, wrongAnswer(q));
    }
  }
  return m;
}

describe.each(databasesUnderTest())('scoring on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'scoring');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    admin = await t.login();
  });

  /**
   * The sitting is over: two candidates submit through sessions (the event grades them), the voided and the
   * weak ones are closed already (the administrator's "grade all" grades them), one never came.
   */
  async function scenario(): Promise<Scenario> {
    const fx = await seedCampaign(t, admin);
    const [perfect, atPassMark, voided, absent, ...weak] = fx.candidates;
    await addAttempt(
      t,
      perfect,
      new Map(perfect.paper.questions.map((q) => [q.questionId, q.key])),
      'in_progress',
    );
    await addAttempt(t, atPassMark, passMarkAnswers(atPassMark.paper.questions), 'in_progress');
    await addAttempt(t, voided, new Map(voided.paper.questions.map((q) => [q.questionId, q.key])), 'voided');
    for (const w of weak) {
      await addAttempt(t, w, weakAnswers(w.paper.questions), 'submitted');
    }
    const attempts = t.app.get(AttemptsService);
    await attempts.submit(perfect.attemptId!, 'candidate');
    await attempts.submit(atPassMark.attemptId!, 'candidate');
    await t.app.get(GradingListener).drain();
    return { fx, perfect, atPassMark, voided, absent, weak };
  }

  const grade = async (attemptId: number) =>
    (await t.http().get(`/api/scoring/attempts/${attemptId}`).set(auth()).expect(200)).body as {
      status: string;
      score: string;
      passed: boolean;
      revision: number;
      bySection: Record<string, { earned: string; max: string }>;
      byPart: Record<string, { earned: string; max: string }>;
      questions: Array<{ questionId: number; earned: string; outcome: string }>;
      keyCorrections: number[];
      ruleVersion: string;
    };

  it('grades attempts when sessions submit them, and the rest on the administrator’s “grade all”, once', async () => {
    const s = await scenario();
    const { campaignId } = s.fx;

    // Graded by the attempt.submitted listener.
    const p = await grade(s.perfect.attemptId!);
    expect(p).toMatchObject({
      status: 'graded',
      score: '100.00',
      passed: true,
      ruleVersion: 'grade-paper/1',
    });
    expect(p.bySection).toEqual({
      judge: { earned: '4.00', max: '4.00' },
      single: { earned: '6.00', max: '6.00' },
      multiple: { earned: '10.00', max: '10.00' },
    });
    expect(p.byPart).toEqual({
      common: { earned: '12.00', max: '12.00' },
      discipline: { earned: '8.00', max: '8.00' },
    });
    expect(p.questions).toHaveLength(15);
    expect(await grade(s.atPassMark.attemptId!)).toMatchObject({ score: '60.00', passed: true });
    await t.http().get(`/api/scoring/attempts/${s.voided.attemptId!}`).set(auth()).expect(404);

    // "Grade all" takes what is left: the voided and the weak attempts.
    const first = await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/grade`)
      .set(auth())
      .send({})
      .expect(200);
    expect(first.body).toMatchObject({ graded: 1 + s.weak.length, changed: 0 });
    expect(await grade(s.voided.attemptId!)).toMatchObject({
      status: 'voided',
      score: '0.00',
      passed: false,
    });
    for (const w of s.weak) {
      expect(await grade(w.attemptId!)).toMatchObject({ status: 'graded', score: '20.00', passed: false });
    }
    // Idempotent: nothing pending; forced, everything recomputed and nothing changes.
    const again = await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/grade`)
      .set(auth())
      .send({})
      .expect(200);
    expect(again.body).toMatchObject({ considered: 0, graded: 0, changed: 0 });
    const forced = await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/grade`)
      .set(auth())
      .send({ force: true, sittingId: s.fx.sittingId })
      .expect(200);
    expect(forced.body).toMatchObject({
      considered: 3 + s.weak.length,
      graded: 0,
      changed: 0,
      unchanged: 3 + s.weak.length,
    });
    expect((await grade(s.perfect.attemptId!)).revision).toBe(1);

    // A late re-announcement of the same submission changes nothing either.
    t.app.get(EventEmitter2).emit(SessionEvents.attemptSubmitted, { attemptId: s.perfect.attemptId });
    await t.app.get(GradingListener).drain();
    expect((await grade(s.perfect.attemptId!)).revision).toBe(1);

    const history = (
      await t.http().get(`/api/scoring/campaigns/${campaignId}/history`).set(auth()).expect(200)
    ).body as Array<{ cause: string; beforeScore: string | null; afterScore: string; actor: string }>;
    expect(history).toHaveLength(3 + s.weak.length);
    expect(history.filter((h) => h.cause === 'graded' && h.beforeScore === null)).toHaveLength(
      2 + s.weak.length,
    );
    expect(history.filter((h) => h.cause === 'voided')).toHaveLength(1);
    expect(history.filter((h) => h.actor === 'system')).toHaveLength(2);

    const audits = await t.ds.getRepository(AuditEntry).find({ where: { action: 'scoring.grade' } });
    expect(audits).toHaveLength(3);
  });

  it('computes each agency’s component from the sample: void and absence count 0, the excused are replaced', async () => {
    const s = await scenario();
    const { campaignId } = s.fx;
    const rows = (
      await t.http().post(`/api/scoring/campaigns/${campaignId}/components`).set(auth()).expect(200)
    ).body as Array<{
      agencyId: number;
      rosterSize: number;
      sampleSize: number;
      counted: number;
      mean: string | null;
      component: string | null;
      inputs: Array<{ technicianId: number; standing: string; score: string }>;
      ruleVersion: string;
    }>;
    // Four agencies in the frozen roster, one without technicians: no component, reported as such.
    expect(rows).toHaveLength(4);
    const empty = rows.filter((r) => r.rosterSize === 0);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ sampleSize: 0, mean: null, component: null });

    const expected = new Map<number, number>([
      [s.perfect.sample.technicianId, 100],
      [s.atPassMark.sample.technicianId, 60],
    ]);
    expected.set(s.voided.sample.technicianId, 0);
    expected.set(s.absent.sample.technicianId, 0);
    s.weak.forEach((w) => expected.set(w.sample.technicianId, 20));
    const inputs = rows.flatMap((r) => r.inputs);
    expect(inputs.map((i) => i.technicianId).sort()).toEqual([...expected.keys()].sort());
    expect(inputs.find((i) => i.technicianId === s.voided.sample.technicianId)).toMatchObject({
      standing: 'voided',
      score: '0.00',
    });
    expect(inputs.find((i) => i.technicianId === s.absent.sample.technicianId)).toMatchObject({
      standing: 'absent',
      score: '0.00',
    });
    // The excused technician is not counted; the substitute is.
    expect(inputs.some((i) => i.technicianId === s.fx.excusedTechnicianId)).toBe(false);
    expect(inputs.some((i) => i.technicianId === s.fx.replacementTechnicianId)).toBe(true);
    for (const r of rows.filter((x) => x.rosterSize > 0)) {
      const scores = r.inputs.map((i) => expected.get(i.technicianId)!);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      expect(r.counted).toBe(scores.length);
      expect(r.sampleSize).toBe(r.inputs.length);
      expect(r.mean).toBe((Math.round(mean * 100) / 100).toFixed(2));
      expect(r.component).toBe((Math.round(mean * 20) / 100).toFixed(2));
      expect(r.ruleVersion).toMatch(/^component\/1/);
    }

    const lists = (await t.http().get(`/api/scoring/campaigns/${campaignId}/lists`).set(auth()).expect(200))
      .body as {
      failed: Array<{ technicianId: number; standing: string }>;
      experts: Array<{ technicianId: number }>;
      agencies: Array<{ rank: number | null; component: string | null }>;
      pending: number;
    };
    expect(lists.pending).toBe(0);
    expect(lists.experts.map((e) => e.technicianId)).toEqual([s.perfect.sample.technicianId]);
    expect(lists.failed.map((f) => f.technicianId).sort()).toEqual(
      [s.voided, s.absent, ...s.weak].map((c) => c.sample.technicianId).sort(),
    );
    const components = lists.agencies
      .map((a) => a.component)
      .filter((c): c is string => c !== null)
      .map(Number);
    expect(components).toEqual([...components].sort((a, b) => b - a));
    expect(lists.agencies[lists.agencies.length - 1]).toMatchObject({ rank: null, component: null });

    // Raising the expert threshold above 100 empties that list; the change is audited.
    await t
      .http()
      .put(`/api/scoring/campaigns/${campaignId}/settings`)
      .set(auth())
      .send({ expertThreshold: 100.5 })
      .expect(400);
    await t
      .http()
      .put(`/api/scoring/campaigns/${campaignId}/settings`)
      .set(auth())
      .send({ expertThreshold: 60 })
      .expect(200);
    const lowered = (await t.http().get(`/api/scoring/campaigns/${campaignId}/lists`).set(auth()).expect(200))
      .body as {
      experts: unknown[];
    };
    expect(lowered.experts).toHaveLength(2);
    expect(await t.ds.getRepository(AuditEntry).count({ where: { action: 'scoring.components' } })).toBe(1);
    expect(await t.ds.getRepository(AuditEntry).count({ where: { action: 'scoring.settings' } })).toBe(1);
  });

  it('refuses components while an attempt is still open, and grades a re-opened attempt again when it closes', async () => {
    const s = await scenario();
    const { campaignId } = s.fx;
    await t.http().post(`/api/scoring/campaigns/${campaignId}/components`).set(auth()).expect(200);
    // A proctor re-opens the attempt (sessions sets it in progress again and announces it).
    await t.ds.query(`UPDATE attempts SET status = 'in_progress' WHERE id = ?`, [s.perfect.attemptId]);
    t.app.get(EventEmitter2).emit(SessionEvents.attemptReopened, { attemptId: s.perfect.attemptId });
    await t.app.get(GradingListener).drain();
    expect((await grade(s.perfect.attemptId!)).status).toBe('reopened');
    const refused = await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/components`)
      .set(auth())
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'results_pending' });
    // The attempt closes again and is graded anew.
    await t.app.get(AttemptsService).submit(s.perfect.attemptId!, 'candidate');
    await t.app.get(GradingListener).drain();
    expect(await grade(s.perfect.attemptId!)).toMatchObject({
      status: 'graded',
      score: '100.00',
      revision: 3,
    });
    const history = (
      await t
        .http()
        .get(`/api/scoring/campaigns/${campaignId}/history?attemptId=${s.perfect.attemptId}`)
        .set(auth())
        .expect(200)
    ).body as Array<{ cause: string; afterStatus: string }>;
    expect(history.map((h) => [h.cause, h.afterStatus])).toEqual([
      ['regraded', 'graded'],
      ['reopened', 'reopened'],
      ['graded', 'graded'],
    ]);
  });

  it('re-grades the affected attempts after a key correction, with history and audit', async () => {
    const s = await scenario();
    const { campaignId } = s.fx;
    await t.http().post(`/api/scoring/campaigns/${campaignId}/grade`).set(auth()).send({}).expect(200);
    // A single item the pass-mark candidate answered right: its key is "corrected" to another option.
    const q = s.atPassMark.paper.questions.find((x) => x.type === 'single')!;
    const row: Array<{ option_order: string }> = await t.ds.query(
      'SELECT option_order FROM paper_questions WHERE id = ?',
      [q.questionId],
    );
    const order = row[0].option_order;
    const bankKey = order['ABCDEFGH'.indexOf(q.key as string)];
    const newKey = [...order].sort().find((l) => l !== bankKey)!;

    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/key-corrections`)
      .set(auth())
      .send({ versionId: q.versionId, key: bankKey, reason: '核对无误，仍为原答案' })
      .expect(409);
    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/key-corrections`)
      .set(auth())
      .send({ versionId: q.versionId, key: ['A', 'B'], reason: '单选题不应有两个答案' })
      .expect(422);
    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/key-corrections`)
      .set(auth())
      .send({ versionId: 999999, key: 'A', reason: '不存在的题目版本' })
      .expect(404);

    const res = await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/key-corrections`)
      .set(auth())
      .send({ versionId: q.versionId, key: newKey, reason: '原答案与法条原文不符，依据第二十一条更正' })
      .expect(200);
    const body = res.body as {
      correction: { id: number; oldKey: string; newKey: string; affected: number; changed: number };
      changedAttemptIds: number[];
    };
    expect(body.correction).toMatchObject({ oldKey: bankKey, newKey });
    expect(body.changedAttemptIds).toContain(s.atPassMark.attemptId);
    const holders: Array<{ n: number | string }> = await t.ds.query(
      `SELECT COUNT(*) AS n FROM attempts a JOIN paper_questions q ON q.paper_id = a.paper_id
        WHERE q.version_id = ? AND a.status IN ('submitted', 'voided')`,
      [q.versionId],
    );
    expect(body.correction.affected).toBe(Number(holders[0].n));

    const after = await grade(s.atPassMark.attemptId!);
    expect(after).toMatchObject({
      score: '55.00',
      passed: false,
      revision: 2,
      keyCorrections: [body.correction.id],
    });
    expect(after.questions.find((x) => x.questionId === q.questionId)).toMatchObject({
      earned: '0.00',
      outcome: 'wrong',
    });

    const history = (
      await t
        .http()
        .get(`/api/scoring/campaigns/${campaignId}/history?keyCorrectionId=${body.correction.id}`)
        .set(auth())
        .expect(200)
    ).body as Array<{
      attemptId: number;
      cause: string;
      beforeScore: string;
      afterScore: string;
      beforePassed: boolean;
      afterPassed: boolean;
      reason: string;
      name: string;
    }>;
    const mine = history.find((h) => h.attemptId === s.atPassMark.attemptId)!;
    expect(mine).toMatchObject({
      cause: 'key-correction',
      beforeScore: '60.00',
      afterScore: '55.00',
      beforePassed: true,
      afterPassed: false,
      name: s.atPassMark.sample.name,
    });
    expect(mine.reason).toContain('第二十一条');
    const audit = await t.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'scoring.key-correction' });
    expect(JSON.parse(audit.details)).toMatchObject({ versionId: q.versionId, oldKey: bankKey, newKey });
    const listed = (
      await t.http().get(`/api/scoring/campaigns/${campaignId}/key-corrections`).set(auth()).expect(200)
    ).body as unknown[];
    expect(listed).toHaveLength(1);
  });

  it('analyses items, flags them for review, and exports the three workbooks', async () => {
    const s = await scenario();
    const { campaignId } = s.fx;
    await t.http().post(`/api/scoring/campaigns/${campaignId}/components`).set(auth()).expect(200);
    const run = await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/item-analysis`)
      .set(auth())
      .send({})
      .expect(200);
    const graded = 2 + s.weak.length;
    expect(run.body).toMatchObject({ scope: 'campaign', candidates: graded });
    expect(run.body.reliability).toEqual([
      expect.objectContaining({
        discipline: 'hazardous-chemicals',
        candidates: graded,
        itemsPerPaper: 15,
        method: 'kr20-random-forms/1',
      }),
    ]);
    const analysis = (
      await t.http().get(`/api/scoring/campaigns/${campaignId}/item-analysis`).set(auth()).expect(200)
    ).body as {
      items: Array<{
        id: number;
        versionId: number;
        n: number;
        facility: number;
        flags: string[];
        reviewStatus: string;
        options: Record<string, number>;
        code: string;
      }>;
    };
    expect(analysis.items.length).toBe(run.body.items);
    // Every judge item was answered right by everyone who had it: too easy, flagged.
    const judgeVersions = new Set(
      s.perfect.paper.questions.filter((q) => q.type === 'judge').map((q) => q.versionId),
    );
    const judge = analysis.items.find((i) => judgeVersions.has(i.versionId))!;
    expect(judge.facility).toBe(1);
    expect(judge.flags).toContain('too-easy');
    expect(judge.reviewStatus).toBe('open');
    // The flag puts the item into the bank's review queue, once however often the analysis runs.
    const queued = async () =>
      (
        await t.ds.query<Array<{ item_id: number; reason: string }>>(
          `SELECT item_id, reason FROM qb_review_queue`,
        )
      )
        .filter((r) => Number(r.item_id) === (judge as unknown as { itemId: number }).itemId)
        .map((r) => r.reason);
    expect(await queued()).toEqual(['item-analysis']);
    expect(Object.keys(judge.options).every((o) => o === '对' || o === '错')).toBe(true);
    expect(judge.code).toMatch(/\S/);

    const flags = (await t.http().get('/api/scoring/item-flags').set(auth()).expect(200)).body as Array<{
      id: number;
    }>;
    expect(flags.some((f) => f.id === judge.id)).toBe(true);
    await t
      .http()
      .post(`/api/scoring/item-statistics/${judge.id}/review`)
      .set(auth())
      .send({ note: '判断题过易，已提交修订' })
      .expect(200);
    // Recomputing keeps the review.
    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/item-analysis`)
      .set(auth())
      .send({})
      .expect(200);
    const flagged = (
      await t
        .http()
        .get(`/api/scoring/campaigns/${campaignId}/item-analysis?flaggedOnly=true`)
        .set(auth())
        .expect(200)
    ).body as { items: Array<{ versionId: number; reviewStatus: string; reviewNote: string | null }> };
    expect(await queued()).toEqual(['item-analysis']);
    expect(flagged.items.find((i) => i.versionId === judge.versionId)).toMatchObject({
      reviewStatus: 'reviewed',
      reviewNote: '判断题过易，已提交修订',
    });

    const load = async (path: string): Promise<ExcelJS.Workbook> => {
      const res = await t
        .http()
        .get(`/api/scoring/campaigns/${campaignId}/exports/${path}`)
        .set(auth())
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ExcelJS.Buffer);
      return wb;
    };
    const results = await load('results.xlsx');
    const sheet = results.getWorksheet('考生成绩')!;
    expect(sheet.rowCount).toBe(1 + s.fx.candidates.length);
    const values = sheet.getSheetValues().flat().map(String);
    expect(values).toContain(s.perfect.sample.idNumber);
    expect(values).toContain('100.00');
    expect(values).toContain('缺考');
    const comps = await load('components.xlsx');
    expect(comps.getWorksheet('机构得分')!.rowCount).toBe(1 + 4);
    const items = await load('item-analysis.xlsx');
    expect(items.getWorksheet('题目分析')!.rowCount).toBe(1 + analysis.items.length);
    expect(items.getWorksheet('信度')!.rowCount).toBe(2);
  });

  it('keeps scoring to administrators', async () => {
    await t.http().post('/api/scoring/campaigns/1/grade').send({}).expect(401);
    await t
      .http()
      .post('/api/users')
      .set(auth())
      .send({ username: 'proctor9', displayName: '监考九', role: 'proctor', password: 'proctor-pass-9' })
      .expect(201);
    const proctor = await t.login('proctor9', 'proctor-pass-9');
    await t
      .http()
      .get('/api/scoring/campaigns/1/results')
      .set('authorization', `Bearer ${proctor}`)
      .expect(403);
  });
});
