import type { FairnessReportDto } from '../../src/papers/dto/paper.dto';
import type { BlueprintCheckResponseDto } from '../../src/papers/dto/blueprint.dto';
import { EnemyGroup } from '../../src/question-bank/entities/enemy-group.entity';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { QuestionSource } from '../../src/question-bank/entities/question-source.entity';
import type { SampledTechnician } from '../../src/sampling/sampled-technician';
import { drawnTwoDisciplineCampaign } from '../support/campaign-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

const REGULATION = '山东省安全生产条例';
const MEASURES = '安全评价检测检验机构管理办法';

describe.each(databasesUnderTest())('bank currency and enemy groups on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'bank_currency');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  /** Item codes of each paper of the campaign. */
  async function paperItems(campaignId: number): Promise<Map<number, string[]>> {
    const rows: Array<{ paperId: number; code: string }> = await t.ds.query(
      `SELECT q.paper_id AS paperId, i.code AS code
         FROM paper_questions q JOIN papers p ON p.id = q.paper_id JOIN qb_items i ON i.id = q.item_id
        WHERE p.campaign_id = ?`,
      [campaignId],
    );
    const out = new Map<number, string[]>();
    for (const r of rows) {
      out.set(Number(r.paperId), [...(out.get(Number(r.paperId)) ?? []), r.code]);
    }
    return out;
  }

  async function codesOf(sourceKey: string): Promise<string[]> {
    const rows: Array<{ code: string }> = await t.ds.query(
      `SELECT DISTINCT i.code AS code FROM qb_items i
         JOIN qb_item_versions v ON v.id = i.current_version_id
         JOIN qb_sources s ON s.id = v.source_id
        WHERE s.\`key\` = ? AND i.status = 'approved'`.replace(/`/g, kind === 'mysql' ? '`' : '"'),
      [sourceKey],
    );
    return rows.map((r) => r.code).sort();
  }

  describe('a source superseded, one partly superseded, and an exam date after both changes', () => {
    let campaignId: number;
    let sample: SampledTechnician[];
    let regulationCodes: string[];
    let checked: string[];
    let measuresCodes: string[];
    beforeAll(async () => {
      await t.reset();
      ({ campaignId, sample } = await drawnTwoDisciplineCampaign(t, admin));
      // The 条例 is partly replaced by a newer rule from 2026-05-01; a few of its items were checked against it.
      await t.ds
        .getRepository(QuestionSource)
        .update(
          { key: REGULATION },
          { status: 'partially-superseded', supersededBy: '安全生产法', supersededFrom: '2026-05-01' },
        );
      regulationCodes = await codesOf(REGULATION);
      checked = regulationCodes.slice(0, 6);
      for (const code of checked) {
        await t.ds.getRepository(QuestionItem).update(
          { code },
          {
            checkedAgainst: {
              document: '安全生产法',
              article: '第二十一条',
              by: '题库审核组',
              date: '2026-06-01',
            },
          },
        );
      }
      // The 办法 is wholly replaced from 2026-03-01.
      await t.ds
        .getRepository(QuestionSource)
        .update(
          { key: MEASURES },
          { status: 'superseded', supersededBy: `${MEASURES}(2026)`, supersededFrom: '2026-03-01' },
        );
      measuresCodes = await codesOf(MEASURES);
      expect(regulationCodes.length).toBeGreaterThan(20);
      expect(measuresCodes.length).toBeGreaterThan(20);
    });

    it('names every item left out for currency in the capacity check, and none dated before the changes', async () => {
      const before = await t
        .http()
        .put(`/api/campaigns/${campaignId}/papers/exam-date`)
        .set(auth())
        .send({ examDate: '2026-02-27' })
        .expect(200);
      expect(before.body).toEqual({ campaignId, examDate: '2026-02-27' });
      const early = (
        await t
          .http()
          .post(`/api/campaigns/${campaignId}/blueprints/default/check`)
          .set(auth())
          .send({})
          .expect(200)
      ).body as BlueprintCheckResponseDto;
      expect(early.examDate).toBe('2026-02-27');
      for (const r of early.reports) {
        expect(r.excludedForCurrency).toEqual([]);
      }

      await t
        .http()
        .put(`/api/campaigns/${campaignId}/papers/exam-date`)
        .set(auth())
        .send({ examDate: '2026-12-15' })
        .expect(200);
      const check = (
        await t
          .http()
          .post(`/api/campaigns/${campaignId}/blueprints/default/check`)
          .set(auth())
          .send({})
          .expect(200)
      ).body as BlueprintCheckResponseDto;
      expect(check.ok).toBe(true);
      expect(check.examDate).toBe('2026-12-15');
      const unchecked = regulationCodes.filter((c) => !checked.includes(c));
      for (const r of check.reports) {
        const named = r.excludedForCurrency.map((e) => e.code).sort();
        expect(named).toEqual([...unchecked, ...measuresCodes].sort());
        const reasons = new Map(r.excludedForCurrency.map((e) => [e.code, e.reason]));
        expect(reasons.get(unchecked[0])).toContain('尚未对照新规定核对');
        expect(reasons.get(measuresCodes[0])).toContain('已被');
        expect(r.warnings.join('；')).toContain(`因法规时效未纳入 ${named.length} 道已审核题目`);
      }
    });

    it('assembles no paper with an item that is not current on the exam date', async () => {
      await t.http().post(`/api/campaigns/${campaignId}/papers/assemble`).set(auth()).expect(200);
      const papers = await paperItems(campaignId);
      expect(papers.size).toBe(sample.length);
      const banned = new Set([...regulationCodes.filter((c) => !checked.includes(c)), ...measuresCodes]);
      const used = new Set([...papers.values()].flat());
      for (const code of used) {
        expect(banned.has(code)).toBe(false);
      }
      // Checked 条例 items remain usable (at least one of them was drawn among all papers).
      expect(checked.some((c) => used.has(c))).toBe(true);
    });

    it('refuses to move the exam date once papers exist, and a malformed date', async () => {
      const late = await t
        .http()
        .put(`/api/campaigns/${campaignId}/papers/exam-date`)
        .set(auth())
        .send({ examDate: '2026-04-01' })
        .expect(409);
      expect(late.body.message).toContain('已组卷');
      await t
        .http()
        .put(`/api/campaigns/${campaignId}/papers/exam-date`)
        .set(auth())
        .send({ examDate: '2026-02-30' })
        .expect(400);
    });
  });

  describe('enemy groups', () => {
    it('never puts two items of one group in a paper, over every paper of a campaign', async () => {
      await t.reset();
      const { campaignId, sample } = await drawnTwoDisciplineCampaign(t, admin);
      // Pair up most common single-choice items: without the rule, papers of 30 common singles out of ~100
      // would hold both items of some pair almost surely.
      const rows: Array<{ code: string }> = await t.ds.query(
        `SELECT i.code AS code FROM qb_items i JOIN qb_item_versions v ON v.id = i.current_version_id
          WHERE v.type = 'single' AND v.disciplines LIKE '%common%' ORDER BY i.code`,
      );
      const codes = rows.map((r) => r.code);
      const groups = Array.from({ length: Math.floor(codes.length / 2) - 5 }, (_, k) => ({
        code: `eg-${String(k + 1).padStart(4, '0')}`,
        reason: '题干给出了另一题的答案',
        itemCodes: [codes[2 * k], codes[2 * k + 1]],
        origin: 'file:enemy-groups.yaml',
        updatedAt: new Date(),
      }));
      await t.ds.getRepository(EnemyGroup).insert(groups);

      await t.http().post(`/api/campaigns/${campaignId}/papers/assemble`).set(auth()).expect(200);
      const papers = await paperItems(campaignId);
      expect(papers.size).toBe(sample.length);
      for (const items of papers.values()) {
        const held = new Set(items);
        for (const g of groups) {
          expect(g.itemCodes.filter((c) => held.has(c)).length).toBeLessThanOrEqual(1);
        }
      }
      const fairness = (
        await t.http().get(`/api/campaigns/${campaignId}/papers/fairness`).set(auth()).expect(200)
      ).body as FairnessReportDto;
      expect(fairness.overall.enemyGroups).toBe(groups.length);
      expect(fairness.overall.enemyConflicts).toBe(0);
    });
  });
});
