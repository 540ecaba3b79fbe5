import { createHmac } from 'node:crypto';
import type { AnswerValue } from '../question-bank/question-type';
import {
  AssembledPaper,
  AssemblyError,
  assemblePaper,
  DISPLAY_LABELS,
  ExposureTracker,
  indexPool,
  preferenceOrder,
  prepareAssembly,
  shuffledOptionOrder,
} from './assemble';
import { BlueprintSpec, defaultBlueprint } from './blueprint';
import { derivePaperSeed, Sfc32 } from './paper-seed';
import { matchesMinimum, partOf } from './plan';
import { syntheticPool } from './synthetic-pool';
import type { KeyedQuestion, MultipleRule } from './paper-view';
import { gradePaper } from '../scoring/grade-paper';

const CAMPAIGN_SEED = '3f'.repeat(32);
const DISCIPLINES = ['hazardous-chemicals', 'non-coal-mining'];
const pool = syntheticPool({
  common: { judge: 60, single: 150, multiple: 50 },
  perDiscipline: { judge: 30, single: 80, multiple: 30 },
  disciplines: DISCIPLINES,
});
const byId = new Map(pool.map((p) => [p.itemId, p]));

function withMinimum(spec: BlueprintSpec = defaultBlueprint()): BlueprintSpec {
  return { ...spec, sourceMinimums: [{ sourceKey: '安全生产法', minPoints: 25 }] };
}

/** Every rule of domain.md (Papers) a paper must obey; returns what it breaks. */
function violations(paper: AssembledPaper, spec: BlueprintSpec, discipline: string): string[] {
  const out: string[] = [];
  const qs = paper.questions;
  if (new Set(qs.map((q) => q.itemId)).size !== qs.length) {
    out.push('an item appears twice');
  }
  const points = qs.reduce((a, q) => a + q.points, 0);
  if (points !== spec.totalPoints) {
    out.push(`total ${points}`);
  }
  let position = 1;
  for (const s of spec.sections) {
    const inSection = qs.filter((q) => q.type === s.type);
    if (inSection.length !== s.count || inSection.some((q) => q.points !== s.pointsEach)) {
      out.push(`section ${s.type}`);
    }
    for (const q of inSection) {
      if (q.position !== position++) {
        out.push(`position of ${q.itemId}`);
      }
    }
  }
  const common = qs.filter((q) => q.part === 'common').reduce((a, q) => a + q.points, 0);
  if (common !== spec.commonPoints || points - common !== spec.disciplinePoints) {
    out.push(`common ${common}`);
  }
  for (const q of qs) {
    const item = byId.get(q.itemId)!;
    if (partOf(item, discipline) !== q.part || item.type !== q.type || item.versionId !== q.versionId) {
      out.push(`item ${q.itemId} not eligible as ${q.part}`);
    }
  }
  for (const m of spec.sourceMinimums) {
    const got = qs.filter((q) => matchesMinimum(q, m)).reduce((a, q) => a + q.points, 0);
    if (got < m.minPoints) {
      out.push(`${m.sourceKey} ${got} < ${m.minPoints}`);
    }
  }
  const mean = qs.reduce((a, q) => a + q.difficulty * q.points, 0) / points;
  if (Math.abs(mean - paper.targetDifficulty) > spec.difficultyTolerance + 1e-9) {
    out.push(`difficulty ${mean} vs ${paper.targetDifficulty}`);
  }
  if (Math.abs(mean - paper.difficulty) > 1e-9) {
    out.push('reported difficulty');
  }
  return out;
}

/** A candidate who knows every item's answer (in the bank's labels) and reads the options as displayed. */
function answerAsKnowing(q: AssembledPaper['questions'][number]): AnswerValue {
  const item = byId.get(q.itemId)!;
  switch (item.type) {
    case 'judge':
      return item.answer;
    case 'single':
      return DISPLAY_LABELS[q.optionOrder.indexOf(item.answer as string)];
    case 'multiple':
      return [...q.optionOrder]
        .map((bank, shown) => ((item.answer as string[]).includes(bank) ? DISPLAY_LABELS[shown] : ''))
        .filter(Boolean);
  }
}

/** Grades with the scoring module's rules; answers in paper order, in the labels shown. */
function grade(paper: AssembledPaper, answers: AnswerValue[], rule: MultipleRule): number {
  const keyed: KeyedQuestion[] = paper.questions.map((q) => ({ ...q, questionId: q.position }));
  const responses = new Map(answers.map((a, i) => [i + 1, a]));
  return gradePaper(keyed, responses, rule).earned / 100;
}

describe('assemblePaper', () => {
  it('is deterministic per seed and differs between candidates', () => {
    const spec = withMinimum();
    const seed = derivePaperSeed(CAMPAIGN_SEED, 17);
    const a = assemblePaper(spec, pool, DISCIPLINES[0], seed);
    const b = assemblePaper(spec, [...pool].reverse(), DISCIPLINES[0], seed);
    expect(b).toEqual(a);
    const c = assemblePaper(spec, pool, DISCIPLINES[0], derivePaperSeed(CAMPAIGN_SEED, 18));
    expect(c.questions.map((q) => q.itemId)).not.toEqual(a.questions.map((q) => q.itemId));
  });

  it('derives the seed as HMAC-SHA256(campaign seed, "paper:" + technician id)', () => {
    const expected = createHmac('sha256', Buffer.from(CAMPAIGN_SEED, 'hex')).update('paper:42').digest('hex');
    expect(derivePaperSeed(CAMPAIGN_SEED, 42)).toBe(expected);
    expect(derivePaperSeed(CAMPAIGN_SEED, 43)).not.toBe(expected);
  });

  it('honours every constraint across many seeds and exposure states', () => {
    const spec = withMinimum();
    const index = indexPool(pool);
    for (const discipline of DISCIPLINES) {
      const prep = prepareAssembly(spec, index, discipline);
      const tracker = new ExposureTracker(index);
      for (let t = 1; t <= 250; t++) {
        const paper = tracker.assembleNext(prep, derivePaperSeed(CAMPAIGN_SEED, t), t % 40);
        expect(violations(paper, spec, discipline)).toEqual([]);
      }
    }
  });

  it('meets source minimums that random selection would miss', () => {
    const spec: BlueprintSpec = {
      ...defaultBlueprint(),
      sourceMinimums: [
        { sourceKey: '安全生产法', minPoints: 48 },
        { sourceKey: '山东省安全生产条例', minPoints: 6 },
      ],
    };
    const index = indexPool(pool);
    const prep = prepareAssembly(spec, index, DISCIPLINES[0]);
    const tracker = new ExposureTracker(index);
    for (let t = 1; t <= 100; t++) {
      const paper = tracker.assembleNext(prep, derivePaperSeed(CAMPAIGN_SEED, t), null);
      expect(violations(paper, spec, DISCIPLINES[0])).toEqual([]);
    }
    // Without the minimum the law gets about half of the common part, well under 48 points.
    const free = assemblePaper(defaultBlueprint(), pool, DISCIPLINES[0], derivePaperSeed(CAMPAIGN_SEED, 1));
    const lawPoints = free.questions
      .filter((q) => q.sourceKey === '安全生产法')
      .reduce((a, q) => a + q.points, 0);
    expect(lawPoints).toBeLessThan(48);
  });

  it('holds a strict difficulty target away from the pool mean', () => {
    const spec: BlueprintSpec = { ...withMinimum(), targetDifficulty: 2.9, difficultyTolerance: 0.02 };
    const index = indexPool(pool);
    const prep = prepareAssembly(spec, index, DISCIPLINES[1]);
    const tracker = new ExposureTracker(index);
    for (let t = 1; t <= 150; t++) {
      const paper = tracker.assembleNext(prep, derivePaperSeed(CAMPAIGN_SEED, t), null);
      expect(paper.targetDifficulty).toBe(2.9);
      expect(violations(paper, spec, DISCIPLINES[1])).toEqual([]);
    }
  });

  it('shuffles options per candidate and remaps the key to the labels shown', () => {
    const spec = defaultBlueprint();
    const orders = new Set<string>();
    for (let t = 1; t <= 50; t++) {
      const paper = assemblePaper(spec, pool, DISCIPLINES[0], derivePaperSeed(CAMPAIGN_SEED, t));
      for (const q of paper.questions) {
        const item = byId.get(q.itemId)!;
        if (q.type === 'judge') {
          expect(q.optionOrder).toBe('');
          expect(q.key).toBe(item.answer);
        } else {
          expect([...q.optionOrder].sort()).toEqual(item.optionLabels);
          orders.add(q.optionOrder);
        }
      }
      const own = paper.questions.map(answerAsKnowing);
      expect(grade(paper, own, 'partial')).toBe(100);
      expect(grade(paper, own, 'all-or-nothing')).toBe(100);
      // Answering with the bank's labels instead of the displayed ones loses marks: the remap matters.
      const unmapped = paper.questions.map((q) => byId.get(q.itemId)!.answer);
      expect(grade(paper, unmapped, 'all-or-nothing')).toBeLessThan(100);
    }
    expect(orders.size).toBeGreaterThan(20);
  });

  it('shuffles question order within each section per candidate', () => {
    const spec = defaultBlueprint();
    const a = assemblePaper(spec, pool, DISCIPLINES[0], derivePaperSeed(CAMPAIGN_SEED, 1));
    const ids = a.questions.filter((q) => q.type === 'single').map((q) => q.itemId);
    expect(ids).not.toEqual([...ids].sort((x, y) => x - y));
  });

  it('balances exposure and keeps colleagues apart better than independent random papers', () => {
    const spec = defaultBlueprint();
    const index = indexPool(pool);
    const prep = prepareAssembly(spec, index, DISCIPLINES[0]);
    const agencyOf = (t: number): number => Math.floor(t / 6);
    const balanced = new ExposureTracker(index);
    const papers: Array<{ agency: number; items: Set<number> }> = [];
    const randomPapers: Array<{ agency: number; items: Set<number> }> = [];
    const randomCounts = new Map<number, number>();
    const zeros = new ExposureTracker(index);
    for (let t = 0; t < 120; t++) {
      const seed = derivePaperSeed(CAMPAIGN_SEED, t);
      const p = balanced.assembleNext(prep, seed, agencyOf(t));
      papers.push({ agency: agencyOf(t), items: new Set(p.questions.map((q) => q.itemId)) });
      // "Random": the same assembly with no memory of earlier papers.
      const r = zeros.assembleNext(prep, seed, null);
      zeros.counts.fill(0);
      randomPapers.push({ agency: agencyOf(t), items: new Set(r.questions.map((q) => q.itemId)) });
      for (const q of r.questions) {
        randomCounts.set(q.itemId, (randomCounts.get(q.itemId) ?? 0) + 1);
      }
    }
    const maxBalanced = Math.max(...balanced.counts);
    const maxRandom = Math.max(...randomCounts.values());
    // Fair share of the tightest bucket: discipline judge items, 8 per paper from 30 → 120 × 8 / 30 = 32.
    expect(maxBalanced).toBeLessThanOrEqual(34);
    expect(maxBalanced).toBeLessThan(maxRandom);
    const overlap = (ps: typeof papers): number => {
      let pairs = 0;
      let shared = 0;
      for (let i = 0; i < ps.length; i++) {
        for (let j = i + 1; j < ps.length; j++) {
          if (ps[i].agency === ps[j].agency) {
            pairs++;
            shared += [...ps[i].items].filter((x) => ps[j].items.has(x)).length;
          }
        }
      }
      return shared / pairs;
    };
    expect(overlap(papers)).toBeLessThan(overlap(randomPapers) / 2);
  });

  it('throws AssemblyError with the shortfalls when the pool cannot satisfy the blueprint', () => {
    const small = pool.filter((p) => p.type !== 'multiple' || p.itemId % 10 === 0);
    let caught: unknown;
    try {
      assemblePaper(defaultBlueprint(), small, DISCIPLINES[0], derivePaperSeed(CAMPAIGN_SEED, 1));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AssemblyError);
    expect((caught as AssemblyError).shortfalls[0]).toMatchObject({
      constraint: 'section',
      type: 'multiple',
    });
  });

  it('handles a blueprint without a section type and with an article-range minimum', () => {
    const spec: BlueprintSpec = {
      ...defaultBlueprint(),
      totalPoints: 50,
      sections: [
        { type: 'single', count: 30, pointsEach: 1 },
        { type: 'multiple', count: 10, pointsEach: 2 },
      ],
      commonPoints: 30,
      disciplinePoints: 20,
      sourceMinimums: [{ sourceKey: '安全生产法', articleFrom: 1, articleTo: 60, minPoints: 10 }],
      passMark: 30,
    };
    for (let t = 0; t < 30; t++) {
      const paper = assemblePaper(spec, pool, DISCIPLINES[1], derivePaperSeed(CAMPAIGN_SEED, t));
      expect(violations(paper, spec, DISCIPLINES[1])).toEqual([]);
      expect(paper.questions.some((q) => q.type === 'judge')).toBe(false);
    }
  });
});

describe('preferenceOrder', () => {
  it('orders by colleagues’ use, then exposure, then one 16-bit draw per item in pool order, then pool order', () => {
    const index = indexPool(pool);
    const prep = prepareAssembly(defaultBlueprint(), index, DISCIPLINES[0]);
    const gen = new Sfc32('77'.repeat(32));
    for (const spread of [3, 200_000]) {
      const exposure = Array.from({ length: index.items.length }, () => gen.nextIndex(spread));
      const agency = Array.from({ length: index.items.length }, () => gen.nextIndex(3));
      const seed = derivePaperSeed(CAMPAIGN_SEED, spread);
      const order = Array.from(preferenceOrder(prep, new Sfc32(seed), exposure, agency));
      const draws = new Sfc32(seed);
      const naive = Array.from({ length: prep.n }, (_, i) => {
        const g = prep.globalIndex[i];
        return { i, key: [agency[g], exposure[g], draws.nextUint32() >>> 16, i] };
      })
        .sort((a, b) => a.key.reduce((acc, x, k) => acc || x - b.key[k], 0))
        .map((x) => x.i);
      expect(order).toEqual(naive);
    }
  });
});

describe('shuffledOptionOrder', () => {
  it("is the generator's Fisher–Yates shuffle of the labels", () => {
    for (let t = 0; t < 200; t++) {
      const seed = derivePaperSeed(CAMPAIGN_SEED, t);
      for (const labels of ['ABCD', 'ABCDE']) {
        expect(shuffledOptionOrder(new Sfc32(seed), labels)).toBe(
          new Sfc32(seed).shuffle([...labels]).join(''),
        );
      }
    }
  });
});

describe('Sfc32', () => {
  it('produces the same stream for the same seed and indices within range', () => {
    const a = new Sfc32('01'.repeat(32));
    const b = new Sfc32('01'.repeat(32));
    const xs = Array.from({ length: 1000 }, () => a.nextIndex(7));
    expect(Array.from({ length: 1000 }, () => b.nextIndex(7))).toEqual(xs);
    expect(new Set(xs)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });
});
