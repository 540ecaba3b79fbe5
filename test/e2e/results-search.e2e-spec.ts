import ExcelJS from 'exceljs';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import type { AnswerValue } from '../../src/question-bank/question-type';
import { createProctor } from '../support/socket-helpers';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, CampaignFixture, HC, seedCampaign, wrongAnswer } from './scoring-fixture';

interface Result {
  technicianId: number;
  agencyId: number;
  name: string;
  ticketNumber: string | null;
  standing: string;
  passed: boolean;
  attemptId: number | null;
}

/**
 * The staff results list searched (name, ticket, agency) and filtered (agency, discipline, outcome), the same
 * selection exported to Excel (audited with its filter), and a candidate's answer sheet for an objection.
 */
describe.each(databasesUnderTest())('results search, export and answer sheet on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let fx: CampaignFixture;
  /** Responses of the half-right candidate, by question id. */
  let halfGiven: Map<number, AnswerValue>;

  const list = async (query = '') =>
    (
      await t
        .http()
        .get(`/api/scoring/campaigns/${fx.campaignId}/results${query}`)
        .set('authorization', `Bearer ${admin}`)
        .expect(200)
    ).body as Result[];

  beforeAll(async () => {
    t = await createTestApp(kind, 'results_search');
    await t.reset();
    admin = await t.login();
    fx = await seedCampaign(t, admin);
    const [perfect, voided, half] = fx.candidates;
    await addAttempt(
      t,
      perfect,
      new Map(perfect.paper.questions.map((q) => [q.questionId, q.key])),
      'submitted',
    );
    await addAttempt(t, voided, new Map(voided.paper.questions.map((q) => [q.questionId, q.key])), 'voided');
    halfGiven = new Map(
      half.paper.questions.map((q, i) => [q.questionId, i % 2 === 0 ? q.key : wrongAnswer(q)] as const),
    );
    // One question left blank.
    halfGiven.delete(half.paper.questions[1].questionId);
    await addAttempt(t, half, halfGiven, 'submitted');
    await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/grade`)
      .set('authorization', `Bearer ${admin}`)
      .send({})
      .expect(200);
  });
  afterAll(() => t.close());

  it('searches by name, ticket number and agency, and filters by agency, discipline and outcome', async () => {
    const all = await list();
    expect(all).toHaveLength(fx.candidates.length);
    const [perfect, voided, half] = fx.candidates;
    const byTicket = await list(`?q=${encodeURIComponent(perfect.ticketNumber)}`);
    expect(byTicket.map((r) => r.technicianId)).toEqual([perfect.sample.technicianId]);
    const byName = await list(`?q=${encodeURIComponent(half.sample.name)}`);
    expect(byName.map((r) => r.name)).toContain(half.sample.name);
    expect(byName.every((r) => r.name.includes(half.sample.name))).toBe(true);
    const agencyName = perfect.sample.agencyName;
    const byAgencyText = await list(`?q=${encodeURIComponent(agencyName)}`);
    expect(byAgencyText.length).toBe(all.filter((r) => r.agencyId === perfect.sample.agencyId).length);
    const byAgency = await list(`?agencyId=${perfect.sample.agencyId}`);
    expect(byAgency.map((r) => r.technicianId).sort()).toEqual(
      all
        .filter((r) => r.agencyId === perfect.sample.agencyId)
        .map((r) => r.technicianId)
        .sort(),
    );

    expect((await list('?outcome=passed')).map((r) => r.technicianId)).toEqual([perfect.sample.technicianId]);
    expect((await list('?outcome=voided')).map((r) => r.technicianId)).toEqual([voided.sample.technicianId]);
    expect((await list('?outcome=below-pass-mark')).map((r) => r.technicianId)).toEqual([
      half.sample.technicianId,
    ]);
    const absent = await list('?outcome=absent');
    expect(absent).toHaveLength(fx.candidates.length - 3);
    expect(absent.every((r) => r.standing === 'absent')).toBe(true);
    expect(await list('?outcome=failed')).toHaveLength(fx.candidates.length - 1);
    expect(await list(`?discipline=${HC}`)).toHaveLength(fx.candidates.length);
    expect(await list('?discipline=metallurgy')).toHaveLength(0);
    // Filters combine.
    expect(
      await list(
        `?outcome=passed&agencyId=${voided.sample.agencyId === perfect.sample.agencyId ? 999999 : voided.sample.agencyId}`,
      ),
    ).toHaveLength(0);
  });

  it('refuses an unknown outcome in Chinese', async () => {
    const r = await t
      .http()
      .get(`/api/scoring/campaigns/${fx.campaignId}/results?outcome=great`)
      .set('authorization', `Bearer ${admin}`)
      .expect(400);
    expect(JSON.stringify(r.body)).toContain('结论须为');
  });

  it('exports the filtered list to Excel and records the export with its filter', async () => {
    const res = await t
      .http()
      .get(`/api/scoring/campaigns/${fx.campaignId}/exports/results.xlsx?outcome=failed`)
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    const ws = wb.getWorksheet('考生成绩')!;
    expect(ws.rowCount - 1).toBe(fx.candidates.length - 1);
    const names = new Set<string>();
    ws.eachRow((row, i) => i > 1 && names.add(row.getCell(4).text));
    expect(names.has(fx.candidates[0].sample.name)).toBe(false);
    expect(wb.getWorksheet('说明')!.getCell('A2').text).toContain('结论 不合格');
    const rows = await t.ds.getRepository(AuditEntry).find({ where: { action: 'results.export' } });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].details)).toMatchObject({
      candidates: fx.candidates.length - 1,
      outcome: 'failed',
    });
  });

  it('shows an answer sheet with the paper as seen, the answers, the key and each item’s mark, audited', async () => {
    const half = fx.candidates[2];
    const r = await t
      .http()
      .get(`/api/scoring/attempts/${half.attemptId}/answer-sheet?objectionId=7`)
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    const sheet = r.body as {
      candidate: { name: string; ticketNumber: string; maskedIdNumber: string };
      paper: {
        sections: Array<{
          questions: Array<{ questionId: number; stem: string; key: unknown; points: number }>;
        }>;
      };
      items: Array<{ questionId: number; response: unknown; earned: string | null; outcome: string | null }>;
      grade: { score: string; passed: boolean };
    };
    expect(sheet.candidate).toMatchObject({ name: half.sample.name, ticketNumber: half.ticketNumber });
    expect(sheet.candidate.maskedIdNumber).not.toBe(half.sample.idNumber);
    const questions = sheet.paper.sections.flatMap((s) => s.questions);
    expect(questions).toHaveLength(half.paper.questions.length);
    expect(questions.every((q) => q.stem.length > 0)).toBe(true);
    const keyOf = new Map(half.paper.questions.map((q) => [q.questionId, q.key]));
    for (const q of questions) {
      expect(q.key).toEqual(keyOf.get(q.questionId));
    }
    let earned = 0;
    for (const item of sheet.items) {
      expect(item.response).toEqual(halfGiven.get(item.questionId) ?? null);
      const q = questions.find((x) => x.questionId === item.questionId)!;
      if (!halfGiven.has(item.questionId)) {
        expect(item).toMatchObject({ outcome: 'blank', earned: '0.00' });
      } else if (JSON.stringify(halfGiven.get(item.questionId)) === JSON.stringify(q.key)) {
        expect(item).toMatchObject({ outcome: 'correct', earned: q.points.toFixed(2) });
      } else {
        expect(item.outcome).toBe('wrong');
      }
      earned += Number(item.earned);
    }
    const total = questions.reduce((s, q) => s + q.points, 0);
    expect(sheet.grade.score).toBe(((earned * 100) / total).toFixed(2));
    const viewed = await t.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'scoring.answer-sheet.view' } });
    expect(viewed).toHaveLength(1);
    expect(viewed[0].target).toBe(`sitting-candidate:${half.sittingCandidateId}`);
    expect(JSON.parse(viewed[0].details)).toMatchObject({ attemptId: half.attemptId, objectionId: 7 });
  });

  it('keeps the answer sheet and the filtered list to administrators', async () => {
    const base =
      (await t.app.listen({ port: 0, host: '127.0.0.1' }),
      (await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    const p = await createProctor(base, admin, `rs${kind}`);
    await t
      .http()
      .get(`/api/scoring/attempts/${fx.candidates[2].attemptId}/answer-sheet`)
      .set('authorization', `Bearer ${p.token}`)
      .expect(403);
    await t
      .http()
      .get(`/api/scoring/campaigns/${fx.campaignId}/results?outcome=passed`)
      .set('authorization', `Bearer ${p.token}`)
      .expect(403);
    await t
      .http()
      .get('/api/scoring/attempts/999999/answer-sheet')
      .set('authorization', `Bearer ${admin}`)
      .expect(404);
  });
});
