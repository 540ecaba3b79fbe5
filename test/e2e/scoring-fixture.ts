import type { DataSource } from 'typeorm';
import type { KeyedPaper, KeyedQuestion } from '../../src/papers/paper-view';
import { PaperAssemblyService } from '../../src/papers/paper-assembly.service';
import { PaperViewsService } from '../../src/papers/paper-views.service';
import { DEFAULT_PROCTORING_SETTINGS } from '../../src/proctoring/thresholds';
import type { AnswerValue } from '../../src/question-bank/question-type';
import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import type { SampledTechnician } from '../../src/sampling/sampled-technician';
import { Answer } from '../../src/sessions/answer.entity';
import { Attempt, AttemptStatus } from '../../src/sessions/attempt.entity';
import { SittingCandidate } from '../../src/sessions/sitting-candidate.entity';
import { Sitting } from '../../src/sessions/sitting.entity';
import { ticketNumber } from '../../src/sessions/ticket';
import { seedBank as seedApprovedBank } from '../support/bank-factory';
import { importRoster } from '../support/roster-factory';
import type { TestApp } from '../support/test-app';

/*
 * A whole small campaign for the scoring and publication specs, built through the owning modules' APIs where
 * they exist (roster import, campaign, freeze, draw, excusal, blueprint, papers) and their entities where a
 * browser would otherwise be needed (the sitting's candidates, attempts and answers).
 */

export const HC = 'hazardous-chemicals';

/** 20-point papers: 判断 4×1, 单选 6×1, 多选 5×2; common 12 / discipline 8; pass mark 12 (60.00). */
export const SMALL_BLUEPRINT = {
  totalPoints: 20,
  durationMinutes: 30,
  sections: [
    { type: 'judge', count: 4, pointsEach: 1 },
    { type: 'single', count: 6, pointsEach: 1 },
    { type: 'multiple', count: 5, pointsEach: 2 },
  ],
  commonPoints: 12,
  disciplinePoints: 8,
  sourceMinimums: [],
  difficultyTolerance: 2,
  multipleRule: 'partial',
  passMark: 12,
};

/** Approved items straight into the bank's tables (the bank's own import is its owner's to test). */
export function seedBank(ds: DataSource): Promise<void> {
  return seedApprovedBank(ds, {
    disciplines: [HC],
    common: { judge: 10, single: 14, multiple: 10 },
    perDiscipline: { judge: 8, single: 10, multiple: 8 },
  });
}

export interface Candidate {
  sample: SampledTechnician;
  sittingCandidateId: number;
  ticketNumber: string;
  paper: KeyedPaper;
  attemptId: number | null;
}

export interface CampaignFixture {
  campaignId: number;
  sittingId: number;
  /** Everyone in the sample after the excusal, in sample order. */
  candidates: Candidate[];
  excusedTechnicianId: number;
  replacementTechnicianId: number;
  /** Every person of the roster (for the public-data scan). */
  rosterNames: string[];
  rosterIdNumbers: string[];
}

/** Responses that earn exactly the given questions' points and leave the rest blank. */
export function answersFor(questions: readonly KeyedQuestion[]): Map<number, AnswerValue> {
  return new Map(questions.map((q) => [q.questionId, q.key]));
}

/** A wrong answer of the same shape (judge: the other value; single: another label; multiple: one wrong label). */
export function wrongAnswer(q: KeyedQuestion): AnswerValue {
  switch (q.type) {
    case 'judge':
      return !q.key;
    case 'single':
      return ['A', 'B', 'C', 'D'].find((l) => l !== q.key)!;
    case 'multiple':
      return [['A', 'B', 'C', 'D', 'E'].find((l) => !(q.key as string[]).includes(l))!];
  }
}

/**
 * Roster of 4 agencies (one without technicians) in one discipline, a drawn campaign with one drawn technician
 * excused and replaced, the small blueprint, a past sitting with every sampled technician placed and given a
 * paper. Attempts are left to the caller (see addAttempt).
 */
export async function seedCampaign(t: TestApp, admin: string): Promise<CampaignFixture> {
  const auth = { authorization: `Bearer ${admin}` };
  const roster = generateFictionalRoster({ agencies: 4, perAgency: [3, 5], seed: 11, emptyAgencies: [3] });
  roster.technicians.forEach((tech) => {
    tech.disciplineName = '危险化学品';
    tech.active = true;
  });
  roster.technicians[0].name = '欧阳小明';
  await importRoster(t, admin, roster);
  await seedBank(t.ds);
  const created = await t
    .http()
    .post('/api/campaigns')
    .set(auth)
    .send({ name: '2026年度分类等级评定（测试）', year: 2026 })
    .expect(201);
  const campaignId = (created.body as { id: number }).id;
  await t.http().post(`/api/campaigns/${campaignId}/freeze`).set(auth).send({}).expect(200);
  await t
    .http()
    .post(`/api/campaigns/${campaignId}/draw`)
    .set(auth)
    .send({ entropy: '见证人摇号 03 17 29' })
    .expect(200);
  await t
    .http()
    .put(`/api/campaigns/${campaignId}/blueprints/default`)
    .set(auth)
    .send(SMALL_BLUEPRINT)
    .expect(200);

  // Excuse a drawn technician of an agency that has a substitute left.
  const drawn = (await t.http().get(`/api/campaigns/${campaignId}/sample`).set(auth).expect(200))
    .body as SampledTechnician[];
  const figures = (await t.http().get(`/api/campaigns/${campaignId}/figures`).set(auth).expect(200))
    .body as Array<{
    code: string;
    substitutesLeft: number;
  }>;
  const withSubstitute = figures.find((f) => f.substitutesLeft > 0)!;
  const excused = drawn.find((s) => s.agencyCode === withSubstitute.code)!;
  const excusal = await t
    .http()
    .post(`/api/campaigns/${campaignId}/excusals`)
    .set(auth)
    .send({ technicianId: excused.technicianId, reason: '病假', evidence: '医院诊断证明（编号 T-001）' })
    .expect(201);
  const replacementTechnicianId = (excusal.body as { replacementTechnicianId: number })
    .replacementTechnicianId;
  const sample = (await t.http().get(`/api/campaigns/${campaignId}/sample`).set(auth).expect(200))
    .body as SampledTechnician[];

  const now = Date.now();
  const sitting = await t.ds.getRepository(Sitting).save(
    t.ds.getRepository(Sitting).create({
      campaignId,
      name: '第一场（危险化学品）',
      mode: 'room',
      location: '市应急管理局 301 考场',
      windowStart: new Date(now - 3 * 3600_000),
      windowEnd: new Date(now - 3600_000),
      durationSeconds: 1800,
      lateEntrySeconds: 900,
      capacity: 100,
      accessCode: '123456',
      accessCodeRevealedAt: new Date(now - 3 * 3600_000),
      proctoring: DEFAULT_PROCTORING_SETTINGS,
      createdAt: new Date(now - 4 * 3600_000),
    }),
  );
  const papers = t.app.get(PaperViewsService);
  const paperOf = await t.app.get(PaperAssemblyService).ensurePapers(
    campaignId,
    sample.map((s) => s.technicianId),
  );
  const candidates: Candidate[] = [];
  let seat = 0;
  for (const s of sample) {
    seat++;
    const paperId = paperOf.get(s.technicianId)!;
    const row = await t.ds.getRepository(SittingCandidate).save(
      t.ds.getRepository(SittingCandidate).create({
        sittingId: sitting.id,
        campaignId,
        technicianId: s.technicianId,
        agencyId: s.agencyId,
        agencyName: s.agencyName,
        name: s.name,
        idNumber: s.idNumber,
        discipline: s.discipline,
        ticketNumber: ticketNumber(campaignId, sitting.id, seat),
        seat,
        paperId,
        admittedAt: new Date(now - 3 * 3600_000),
        admittedBy: 1,
        loginEpoch: 1,
        lastLoginAt: new Date(now - 3 * 3600_000),
        createdAt: new Date(now - 4 * 3600_000),
      }),
    );
    candidates.push({
      sample: s,
      sittingCandidateId: row.id,
      ticketNumber: row.ticketNumber,
      paper: await papers.keyedPaper(paperId),
      attemptId: null,
    });
  }
  return {
    campaignId,
    sittingId: sitting.id,
    candidates,
    excusedTechnicianId: excused.technicianId,
    replacementTechnicianId,
    rosterNames: roster.technicians.map((x) => x.name),
    rosterIdNumbers: roster.technicians.map((x) => x.idNumber),
  };
}

/** An attempt of the candidate with the given responses, left in the given state. */
export async function addAttempt(
  t: TestApp,
  c: Candidate,
  responses: ReadonlyMap<number, AnswerValue>,
  status: AttemptStatus,
): Promise<number> {
  const now = Date.now();
  const attempt = await t.ds.getRepository(Attempt).save(
    t.ds.getRepository(Attempt).create({
      sittingCandidateId: c.sittingCandidateId,
      sittingId: (await t.ds.getRepository(SittingCandidate).findOneByOrFail({ id: c.sittingCandidateId }))
        .sittingId,
      paperId: c.paper.paperId,
      status,
      startedAt: new Date(now - 2 * 3600_000),
      deadline: status === 'in_progress' ? new Date(now + 3600_000) : new Date(now - 5400_000),
      extensionSeconds: 0,
      submittedAt: status === 'submitted' ? new Date(now - 5400_000) : null,
      submitReason: status === 'submitted' ? 'candidate' : null,
      voidedAt: status === 'voided' ? new Date(now - 5400_000) : null,
      voidReason: status === 'voided' ? '夹带资料（监考员现场查获）' : null,
    }),
  );
  const rows = [...responses].map(([questionId, response]) => ({
    attemptId: attempt.id,
    questionId,
    response: JSON.stringify(response),
    revision: 1,
    savedAt: new Date(now - 6000_000),
  }));
  if (rows.length > 0) {
    await t.ds.getRepository(Answer).insert(rows);
  }
  c.attemptId = attempt.id;
  return attempt.id;
}
