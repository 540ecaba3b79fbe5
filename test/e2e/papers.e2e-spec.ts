import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { ExposureTracker, indexPool, prepareAssembly } from '../../src/papers/assemble';
import { defaultBlueprint } from '../../src/papers/blueprint';
import { encodeKey } from '../../src/papers/paper-codec';
import { PaperQuestion } from '../../src/papers/paper-question.entity';
import { derivePaperSeed } from '../../src/papers/paper-seed';
import { Paper } from '../../src/papers/paper.entity';
import type { DeliveredPaper } from '../../src/papers/paper-view';
import { PapersModule } from '../../src/papers/papers.module';
import { PaperViewsService } from '../../src/papers/paper-views.service';
import { QuestionItemVersion } from '../../src/question-bank/entities/question-item-version.entity';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { QuestionBankService } from '../../src/question-bank/question-bank.service';
import type { AnswerValue } from '../../src/question-bank/question-type';
import type { SampledTechnician } from '../../src/sampling/sampled-technician';
import { gradePaper } from '../../src/scoring/grade-paper';
import { PaperSource } from '../../src/papers/paper-source';
import { HC, MACH } from '../support/bank-factory';
import { drawnTwoDisciplineCampaign } from '../support/campaign-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

function keysDeep(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) {
    x.forEach((v) => keysDeep(v, out));
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      out.add(k);
      keysDeep(v, out);
    }
  }
  return out;
}

describe.each(databasesUnderTest())('papers on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  /** A drawn campaign over a roster of two disciplines, and a bank that covers both. */
  async function drawnCampaign(): Promise<{ campaignId: number; sample: SampledTechnician[] }> {
    const drawn = await drawnTwoDisciplineCampaign(t, admin);
    expect(new Set(drawn.sample.map((s) => s.discipline))).toEqual(new Set([HC, MACH]));
    return drawn;
  }

  /** The PaperSource PapersModule provides (what sessions receive once they import PapersModule). */
  const paperSource = (): PaperSource => t.app.select(PapersModule).get(PaperSource, { strict: true });

  async function assembleAll(campaignId: number): Promise<void> {
    await t.http().post(`/api/campaigns/${campaignId}/papers/assemble`).set(auth()).expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp(kind, 'papers');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  describe('a drawn campaign with its papers assembled', () => {
    let campaignId: number;
    let sample: SampledTechnician[];
    let first: unknown;
    beforeAll(async () => {
      await t.reset();
      ({ campaignId, sample } = await drawnCampaign());
      first = (await t.http().post(`/api/campaigns/${campaignId}/papers/assemble`).set(auth()).expect(200))
        .body;
    });

    it('assembles a paper in their own discipline for every sampled technician, once', async () => {
      expect(first).toEqual({ total: sample.length, created: sample.length, existing: 0 });
      const again = await t
        .http()
        .post(`/api/campaigns/${campaignId}/papers/assemble`)
        .set(auth())
        .expect(200);
      expect(again.body).toEqual({ total: sample.length, created: 0, existing: sample.length });

      const list = (await t.http().get(`/api/campaigns/${campaignId}/papers`).set(auth()).expect(200))
        .body as Array<{
        id: number;
        technicianId: number;
        discipline: string;
        technicianName: string;
        seed: string;
      }>;
      expect(list.map((p) => [p.technicianId, p.discipline]).sort()).toEqual(
        sample.map((s) => [s.technicianId, s.discipline]).sort(),
      );
      expect(new Set(list.map((p) => p.seed)).size).toBe(list.length);

      // Every question is an item of the paper's discipline or a common one, 85 in all, 100 points, none twice.
      const rows: Array<{
        paperId: number;
        discipline: string;
        disciplines: string;
        points: number;
        itemId: number;
      }> = await t.ds.query(
        `SELECT q.paper_id AS paperId, p.discipline AS discipline, v.disciplines AS disciplines,
                  q.points AS points, q.item_id AS itemId
             FROM paper_questions q
             JOIN papers p ON p.id = q.paper_id
             JOIN qb_item_versions v ON v.id = q.version_id`,
      );
      for (const p of list) {
        const mine = rows.filter((r) => Number(r.paperId) === p.id);
        expect(mine).toHaveLength(85);
        expect(mine.reduce((a, r) => a + Number(r.points), 0)).toBe(100);
        expect(new Set(mine.map((r) => r.itemId)).size).toBe(85);
        for (const r of mine) {
          const tags = JSON.parse(r.disciplines) as string[];
          expect(tags.includes('common') || tags.includes(p.discipline)).toBe(true);
        }
      }
      const audit = await t.ds.getRepository(AuditEntry).find({ where: { action: 'papers.assemble' } });
      expect(audit).toHaveLength(1);
      expect(audit[0].actor).toMatch(/^user:/);
    });

    it('delivers many papers at once exactly as one by one', async () => {
      const source = paperSource();
      const ids = sample.slice(0, 6).map((s) => s.technicianId);
      const map = await source.ensurePapers(campaignId, ids);
      const paperIds = ids.map((id) => map.get(id)!);
      const many = await source.deliveredPapers([...paperIds, 999_999]);
      expect([...many.keys()].sort((a, b) => a - b)).toEqual([...paperIds].sort((a, b) => a - b));
      for (const id of paperIds) {
        expect(many.get(id)).toEqual(await source.deliveredPaper(id));
      }
      await expect(source.deliveredPaper(999_999)).rejects.toThrow();
    });

    it("delivers the candidate's paper without keys, bases or explanations, options relabelled as shuffled", async () => {
      const source = paperSource();
      const papers = await source.ensurePapers(campaignId, [sample[0].technicianId]);
      const paperId = papers.get(sample[0].technicianId)!;
      const delivered: DeliveredPaper = await source.deliveredPaper(paperId);

      expect(delivered.sections.map((s) => [s.type, s.questions.length, s.pointsEach])).toEqual([
        ['judge', 20, 1],
        ['single', 50, 1],
        ['multiple', 15, 2],
      ]);
      expect(delivered.title).toContain('2026年度分类等级评定');
      expect(delivered.ruleText).toContain('少选的，所选每个正确选项得 0.5 分');
      const keys = keysDeep(delivered);
      for (const forbidden of [
        'key',
        'answer',
        'answerKey',
        'basis',
        'explanation',
        'optionOrder',
        'itemId',
        'versionId',
      ]) {
        expect(keys.has(forbidden)).toBe(false);
      }
      const text = JSON.stringify(delivered);
      expect(text).not.toContain('的条文');
      expect(text).not.toContain('解析');

      // A candidate who knows each item's answer reads the options as shown and answers in their labels:
      // graded against the frozen keys, that is full marks.
      const questions = delivered.sections.flatMap((s) => s.questions);
      const versions = await t.ds.getRepository(QuestionItemVersion).find();
      const byStem = new Map(versions.map((v) => [v.stem, v]));
      const responses = new Map<number, AnswerValue>();
      let reordered = 0;
      for (const q of questions) {
        const v = byStem.get(q.stem)!;
        if (q.type === 'judge') {
          expect(q.options).toEqual([]);
          responses.set(q.questionId, v.answer);
          continue;
        }
        expect(q.options.map((o) => o.label)).toEqual(['A', 'B', 'C', 'D', 'E'].slice(0, q.options.length));
        const correctTexts = (Array.isArray(v.answer) ? v.answer : [v.answer as string]).map(
          (l) => v.options[l],
        );
        const chosen = q.options.filter((o) => correctTexts.includes(o.text)).map((o) => o.label);
        responses.set(q.questionId, q.type === 'single' ? chosen[0] : chosen);
        if (q.options.some((o, i) => o.text !== v.options['ABCDE'[i]])) {
          reordered++;
        }
      }
      expect(reordered).toBeGreaterThan(30);
      const keyed = await t.app.get(PaperViewsService).keyedPaper(paperId);
      expect(keyed.questions.map((q) => q.questionId)).toEqual(questions.map((q) => q.questionId));
      expect(gradePaper(keyed.questions, responses, keyed.multipleRule).earned).toBe(10000);
    });

    it('serves the fairness report and keyed papers to administrators only', async () => {
      const res = await t.http().get(`/api/campaigns/${campaignId}/papers/fairness`).set(auth()).expect(200);
      const report = res.body as {
        papers: number;
        missing: number[];
        disciplines: Array<{
          discipline: string;
          papers: number;
          outsideTolerance: number;
          difficulty: { min: number; max: number; target: number; tolerance: number };
          maxExposure: number;
          fairShare: number;
          meanAgencyOverlap: number | null;
          randomOverlap: number;
        }>;
      };
      expect(report.papers).toBe(sample.length);
      expect(report.missing).toEqual([]);
      expect(report.disciplines.map((d) => d.discipline)).toEqual([HC, MACH]);
      for (const d of report.disciplines) {
        expect(d.papers).toBe(sample.filter((s) => s.discipline === d.discipline).length);
        expect(d.outsideTolerance).toBe(0);
        expect(d.difficulty.max - d.difficulty.min).toBeLessThanOrEqual(2 * d.difficulty.tolerance + 0.002);
        expect(d.maxExposure).toBeLessThanOrEqual(Math.ceil(d.fairShare) + 1);
        if (d.meanAgencyOverlap !== null) {
          expect(d.meanAgencyOverlap).toBeLessThan(d.randomOverlap);
        }
      }

      const papers = (await t.http().get(`/api/campaigns/${campaignId}/papers`).set(auth()).expect(200))
        .body as Array<{
        id: number;
      }>;
      const one = await t
        .http()
        .get(`/api/campaigns/${campaignId}/papers/${papers[0].id}`)
        .set(auth())
        .expect(200);
      const q = (one.body as { sections: Array<{ questions: Array<Record<string, unknown>> }> }).sections[2]
        .questions[0];
      expect(q).toMatchObject({ type: 'multiple', points: 2 });
      expect(Array.isArray(q.key)).toBe(true);
      await t
        .http()
        .get(`/api/campaigns/${campaignId + 1}/papers/${papers[0].id}`)
        .set(auth())
        .expect(404);

      await t
        .http()
        .post('/api/users')
        .set(auth())
        .send({ username: 'proctor1', displayName: '李监考', role: 'proctor', password: 'proctor-pass-1' })
        .expect(201);
      const proctor = await t.login('proctor1', 'proctor-pass-1');
      await t
        .http()
        .get(`/api/campaigns/${campaignId}/papers/fairness`)
        .set('authorization', `Bearer ${proctor}`)
        .expect(403);
      await t
        .http()
        .get(`/api/campaigns/${campaignId}/papers/${papers[0].id}`)
        .set('authorization', `Bearer ${proctor}`)
        .expect(403);
      await t.http().get(`/api/campaigns/${campaignId}/papers/fairness`).expect(401);
    });

    it('can be regenerated by anyone from the published seed, the pool and the stored order', async () => {
      const campaign = (await t.http().get(`/api/campaigns/${campaignId}`).set(auth()).expect(200)).body as {
        seed: string;
      };
      const papers = await t.ds.getRepository(Paper).find({ order: { id: 'ASC' } });
      const pool = await t.app.get(QuestionBankService).approvedPool();
      expect(papers[0].poolHash).toBe(indexPool(pool).hash);
      const index = indexPool(pool);
      const tracker = new ExposureTracker(index);
      const preps = new Map([HC, MACH].map((d) => [d, prepareAssembly(defaultBlueprint(), index, d)]));
      for (const paper of papers) {
        expect(paper.seed).toBe(derivePaperSeed(campaign.seed, paper.technicianId));
        const again = tracker.assembleNext(preps.get(paper.discipline)!, paper.seed, paper.agencyId);
        const stored = await t.ds
          .getRepository(PaperQuestion)
          .find({ where: { paperId: paper.id }, order: { position: 'ASC' } });
        expect(stored.map((q) => [q.itemId, q.versionId, q.optionOrder, q.answerKey])).toEqual(
          again.questions.map((q) => [q.itemId, q.versionId, q.optionOrder, encodeKey(q.key)]),
        );
        expect(paper.difficulty).toBeCloseTo(again.difficulty, 3);
      }
    });

    it('refuses to assemble before the draw', async () => {
      const created = await t
        .http()
        .post('/api/campaigns')
        .set(auth())
        .send({ name: '未抽取的批次', year: 2026 })
        .expect(201);
      const res = await t
        .http()
        .post(`/api/campaigns/${(created.body as { id: number }).id}/papers/assemble`)
        .set(auth())
        .expect(409);
      expect(res.body.code).toBe('campaign_not_drawn');
      await t.http().post('/api/campaigns/9999/papers/assemble').set(auth()).expect(404);
    });

    // Last: it edits the bank.
    it('leaves papers untouched when the bank is edited afterwards', async () => {
      const before = await t.ds.getRepository(PaperQuestion).find({ order: { id: 'ASC' } });
      const used = before.find((q) => q.sectionType === 'single')!;
      const paperBefore = await t.app.get(PaperViewsService).deliveredPaper(used.paperId);
      const oldVersion = await t.ds
        .getRepository(QuestionItemVersion)
        .findOneByOrFail({ id: used.versionId });

      await t
        .http()
        .patch(`/api/question-bank/items/${used.itemId}`)
        .set(auth())
        .send({
          stem: '修改后的题干：生产经营单位应当如何落实全员安全生产责任制？',
          answer: 'A',
          note: '测试修改',
        })
        .expect(200);
      const current = await t.ds.getRepository(QuestionItem).findOneByOrFail({ id: used.itemId });
      expect(current.currentVersionId).not.toBe(used.versionId);

      const after = await t.ds.getRepository(PaperQuestion).find({ order: { id: 'ASC' } });
      expect(after).toEqual(before);
      const paperAfter = await t.app.get(PaperViewsService).deliveredPaper(used.paperId);
      expect(paperAfter).toEqual(paperBefore);
      expect(JSON.stringify(paperAfter)).toContain(oldVersion.stem);
      expect(JSON.stringify(paperAfter)).not.toContain('修改后的题干');
    });
  });

  describe('a drawn campaign without papers', () => {
    beforeEach(() => t.reset());

    it('serves PaperSource to sessions: idempotent, concurrent-safe, and only for sampled technicians', async () => {
      const { campaignId, sample } = await drawnCampaign();
      const source = paperSource();
      const ids = sample.map((s) => s.technicianId);
      const [a, b] = await Promise.all([
        source.ensurePapers(campaignId, ids.slice(0, 6)),
        source.ensurePapers(campaignId, ids.slice(3)),
      ]);
      expect([...a.keys()].sort()).toEqual(ids.slice(0, 6).sort());
      expect(a.get(ids[4])).toBe(b.get(ids[4]));
      const count: Array<{ n: number }> = await t.ds.query('SELECT COUNT(*) AS n FROM papers');
      expect(Number(count[0].n)).toBe(sample.length);
      const again = await source.ensurePapers(campaignId, ids);
      expect(new Set(again.values()).size).toBe(sample.length);
      await expect(source.ensurePapers(campaignId, [999999])).rejects.toMatchObject({ code: 'not_sampled' });
    });

    it('holds later papers (substitutes) to the target of the first ones although the pool changed', async () => {
      const { campaignId, sample } = await drawnCampaign();
      const source = paperSource();
      const hc = sample.filter((s) => s.discipline === HC).map((s) => s.technicianId);
      await source.ensurePapers(campaignId, hc.slice(0, 2));
      const [first] = await t.ds.getRepository(Paper).find({ where: { discipline: HC } });
      // Send the hardest discipline 多选 items back to review: the pool's expectation drops.
      const hardest: Array<{ id: number }> = await t.ds.query(
        `SELECT i.id AS id FROM qb_items i JOIN qb_item_versions v ON v.id = i.current_version_id
          WHERE v.type = 'multiple' AND v.disciplines LIKE '%${HC}%' ORDER BY v.difficulty DESC, i.id LIMIT 3`,
      );
      for (const { id } of hardest) {
        await t
          .http()
          .patch(`/api/question-bank/items/${id}`)
          .set(auth())
          .send({ difficulty: 1 })
          .expect(200);
      }
      const check = await t
        .http()
        .post(`/api/campaigns/${campaignId}/blueprints/${HC}/check`)
        .set(auth())
        .send({});
      expect(check.body.reports[0].targetDifficulty).not.toBe(first.targetDifficulty);

      await source.ensurePapers(campaignId, hc);
      const all = await t.ds.getRepository(Paper).find({ where: { discipline: HC } });
      expect(all.length).toBe(hc.length);
      for (const p of all) {
        expect(p.targetDifficulty).toBe(first.targetDifficulty);
        expect(Math.abs(p.difficulty - first.targetDifficulty)).toBeLessThanOrEqual(
          p.difficultyTolerance + 1e-9,
        );
      }
    });

    it('validates blueprints against the approved pool, reports shortfalls, and freezes them once papers exist', async () => {
      const { campaignId } = await drawnCampaign();
      const base = `/api/campaigns/${campaignId}/blueprints`;
      const listed = await t.http().get(base).set(auth()).expect(200);
      expect(listed.body.default).toMatchObject({ origin: 'built-in', totalPoints: 100, commonPoints: 60 });

      // 50 多选 items: the bank has 30 common and 15 hazardous-chemicals ones, 5 short.
      const tooMany = {
        sections: [
          { type: 'judge', count: 10, pointsEach: 1 },
          { type: 'single', count: 10, pointsEach: 1 },
          { type: 'multiple', count: 50, pointsEach: 2 },
        ],
        totalPoints: 120,
        commonPoints: 70,
        disciplinePoints: 50,
      };
      const check = await t.http().post(`${base}/${HC}/check`).set(auth()).send(tooMany).expect(200);
      expect(check.body.ok).toBe(false);
      expect(check.body.reports[0].shortfalls[0]).toMatchObject({
        constraint: 'section',
        type: 'multiple',
        needed: 50,
        available: 45,
        missingItems: 5,
      });
      const refused = await t.http().put(`${base}/${HC}`).set(auth()).send(tooMany).expect(422);
      expect(refused.body.code).toBe('blueprint_unsatisfiable');
      expect(refused.body.message).toContain('缺 5 道');

      const source = await t
        .http()
        .put(`${base}/default`)
        .set(auth())
        .send({ sourceMinimums: [{ sourceKey: '职业病防治法', minPoints: 10 }] })
        .expect(422);
      expect(source.body.details.map((r: { discipline: string }) => r.discipline)).toEqual([HC, MACH]);
      expect(source.body.details[0].shortfalls[0]).toMatchObject({ constraint: 'source', missingItems: 5 });

      await t
        .http()
        .put(`${base}/default`)
        .set(auth())
        .send({ totalPoints: 90, commonPoints: 50, disciplinePoints: 40 })
        .expect(422)
        .expect((r) => expect(r.body.code).toBe('blueprint_invalid'));
      await t.http().put(`${base}/${HC}`).set(auth()).send({ passMark: 'sixty' }).expect(400);

      const saved = await t
        .http()
        .put(`${base}/${HC}`)
        .set(auth())
        .send({
          durationMinutes: 90,
          passMark: 80,
          multipleRule: 'all-or-nothing',
          targetDifficulty: 2.6,
          difficultyTolerance: 0.1,
          sourceMinimums: [{ sourceKey: '安全生产法', minPoints: 25 }],
        })
        .expect(200);
      expect(saved.body.ok).toBe(true);
      expect(saved.body.blueprint).toMatchObject({ origin: 'stored', passMark: 80, targetDifficulty: 2.6 });
      const audited = await t.ds.getRepository(AuditEntry).find({ where: { action: 'blueprint.create' } });
      expect(audited.map((a) => a.target)).toEqual([`campaign:${campaignId}/blueprint:${HC}`]);
      const machinery = await t.http().get(`${base}/${MACH}`).set(auth()).expect(200);
      expect(machinery.body.origin).toBe('built-in');
      await t.http().get(`${base}/no-such-discipline`).set(auth()).expect(404);

      await assembleAll(campaignId);
      const papers = (await t.http().get(`/api/campaigns/${campaignId}/papers`).set(auth()).expect(200))
        .body as Array<{
        id: number;
        discipline: string;
        durationMinutes: number;
        passMark: number;
        multipleRule: string;
        difficulty: number;
      }>;
      for (const p of papers.filter((x) => x.discipline === HC)) {
        expect(p).toMatchObject({ durationMinutes: 90, passMark: 80, multipleRule: 'all-or-nothing' });
        expect(Math.abs(p.difficulty - 2.6)).toBeLessThanOrEqual(0.1 + 1e-9);
        const keyed = await t.app.get(PaperViewsService).keyedPaper(p.id);
        const law = keyed.questions
          .filter((q) => q.sourceKey === '安全生产法')
          .reduce((a, q) => a + q.points, 0);
        expect(law).toBeGreaterThanOrEqual(25);
      }
      expect(papers.find((x) => x.discipline === MACH)).toMatchObject({ durationMinutes: 120, passMark: 60 });

      const frozen = await t.http().put(`${base}/${HC}`).set(auth()).send({ passMark: 70 }).expect(409);
      expect(frozen.body.code).toBe('papers_exist');
      await t.http().delete(`${base}/${HC}`).set(auth()).expect(409);
    });
  });
});
