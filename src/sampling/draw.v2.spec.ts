import { createHash } from 'node:crypto';
import {
  allocate,
  allocateV2,
  canonicalRosterText,
  CanonicalRoster,
  commitmentOf,
  draw,
  DRAW_ALGORITHM_V1,
  DRAW_ALGORITHM_V2,
  drawSeed,
  Fraction,
  fractionText,
  inclusionProbabilities,
  rosterHash,
  sampleSize,
  technicianRank,
} from './draw';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

type Ranked = { key: string; discipline: string; rank: string };

/** Each discipline's members in rank order, from technicians listed with their ranks. */
function membersOf(ts: Ranked[]): Map<string, Ranked[]> {
  const out = new Map<string, Ranked[]>();
  for (const t of [...ts].sort((a, b) => (a.rank < b.rank ? -1 : 1))) {
    out.set(t.discipline, [...(out.get(t.discipline) ?? []), t]);
  }
  return out;
}

/** Disciplines as letters with the given sizes: { a: 3, b: 1 } → a1 a2 a3 b1. */
function people(sizes: Record<string, number>): Array<{ key: string; discipline: string }> {
  return Object.entries(sizes).flatMap(([d, n]) =>
    Array.from({ length: n }, (_, i) => ({ key: `${d}${i + 1}`, discipline: d })),
  );
}

function permutations(n: number): number[][] {
  if (n === 0) {
    return [[]];
  }
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

/** Exact inclusion counts over every order of the agency (the ranks' distribution, enumerated). */
function enumerate(sizes: Record<string, number>, k: number): { counts: Map<string, number>; total: number } {
  const ps = people(sizes);
  const counts = new Map(ps.map((p) => [p.key, 0]));
  const all = permutations(ps.length);
  for (const order of all) {
    const ranked = ps.map((p, i) => ({ ...p, rank: String(order[i]).padStart(2, '0') }));
    const members = membersOf(ranked);
    for (const [d, places] of allocateV2(k, members)) {
      for (const t of members.get(d)!.slice(0, places)) {
        counts.set(t.key, counts.get(t.key)! + 1);
      }
    }
  }
  return { counts, total: all.length };
}

const sizesMap = (sizes: Record<string, number>) => new Map(Object.entries(sizes));
const value = (f: Fraction) => Number(f.num) / Number(f.den);

describe('choukao-draw-v2: floors, then the best-ranked runners-up', () => {
  it('draws the only specialist of an agency split 3/3/1 when it outranks a runner-up (v1 never does)', () => {
    // Ranks 00 (best) … 06: machinery m1 m2 m3, commerce c1 c2 c3, tobacco t1.
    const ranked = (order: Record<string, number>) =>
      people({ m: 3, c: 3, t: 1 }).map((p) => ({ ...p, rank: String(order[p.key]).padStart(2, '0') }));
    // Floors m 1, c 1, t 0; L = 2; runners-up m2 (rank 3), c2 (rank 5), t1 (rank 2): t1 and m2 are drawn.
    const members = membersOf(ranked({ m1: 0, c1: 1, t1: 2, m2: 3, m3: 4, c2: 5, c3: 6 }));
    expect(Object.fromEntries(allocateV2(4, members))).toEqual({ c: 1, m: 2, t: 1 });
    expect(Object.fromEntries(allocate(4, members))).toEqual({ c: 2, m: 2, t: 0 });
    // The agency's worst rank is never drawn, even as a runner-up.
    const worst = membersOf(ranked({ m1: 0, c1: 1, m2: 2, c2: 3, m3: 4, c3: 5, t1: 6 }));
    expect(Object.fromEntries(allocateV2(4, worst))).toEqual({ c: 2, m: 2, t: 0 });
  });

  it('gives exact quotas unchanged (6 + 4, k = 5 → 3 + 2) and at most one extra per discipline', () => {
    const ps = people({ a: 6, b: 4 }).map((p, i) => ({ ...p, rank: hex(`r${i}`) }));
    expect(Object.fromEntries(allocateV2(5, membersOf(ps)))).toEqual({ a: 3, b: 2 });
    for (let s = 0; s < 200; s++) {
      const sizes = { a: 1 + (s % 5), b: 1 + (s % 3), c: 1 + (s % 2), d: 1, e: 2 };
      const n = Object.values(sizes).reduce((x, y) => x + y, 0);
      const k = sampleSize(n, ['0.5', '0.6', '0.75'][s % 3]);
      const alloc = allocateV2(k, membersOf(people(sizes).map((p) => ({ ...p, rank: hex(`${s}${p.key}`) }))));
      expect([...alloc.values()].reduce((x, y) => x + y, 0)).toBe(k);
      for (const [d, a] of alloc) {
        const floor = Math.floor((k * sizes[d as keyof typeof sizes]) / n);
        expect(a - floor).toBeGreaterThanOrEqual(0);
        expect(a - floor).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('choukao-draw-v2: exact inclusion probabilities', () => {
  it('are worked out by hand for 3/3/1 at k = 4: the specialist 22/35, the others 59/105', () => {
    // The specialist t is left out only when its value is above both runners-up (each the 2nd of 3):
    // ∫ (3u² − 2u³)² du = 9/5 − 2 + 4/7 = 13/35, so 1 − 13/35 = 22/35; the rest share 4 − 22/35 over six.
    const p = inclusionProbabilities(4, sizesMap({ m: 3, c: 3, t: 1 }));
    expect(Object.fromEntries([...p].map(([d, f]) => [d, fractionText(f)]))).toEqual({
      c: '59/105',
      m: '59/105',
      t: '22/35',
    });
  });

  it.each<[Record<string, number>, string]>([
    [{ m: 3, c: 3, t: 1 }, '0.5'],
    [{ a: 4, b: 1 }, '0.5'],
    [{ a: 2, b: 2, c: 2, d: 1 }, '0.5'],
    [{ a: 5, b: 2, c: 1 }, '0.6'],
    [{ a: 1, b: 1, c: 1, d: 1, e: 1 }, '0.5'],
    [{ a: 3, b: 2, c: 2 }, '0.75'],
    [{ a: 6, b: 1, c: 1 }, '0.5'],
    [{ a: 2, b: 1 }, '0.5'],
  ])('equal the count over every order of the agency, exactly: %j at ratio %s', (sizes, ratio) => {
    const n = Object.values(sizes).reduce((x, y) => x + y, 0);
    const k = sampleSize(n, ratio);
    const exact = inclusionProbabilities(k, sizesMap(sizes));
    const { counts, total } = enumerate(sizes, k);
    let sum = 0n;
    for (const p of people(sizes)) {
      const f = exact.get(p.discipline)!;
      // count / total = num / den, in integers.
      expect(BigInt(counts.get(p.key)!) * f.den).toBe(f.num * BigInt(total));
      sum += (f.num * BigInt(total)) / f.den;
    }
    expect(sum).toBe(BigInt(k * total)); // Σ p = k
  });

  it('are never 0 or 1 unless k = 0 or k = N, over many agency shapes and ratios', () => {
    let checked = 0;
    for (let s = 0; s < 400; s++) {
      const r = (i: number) => parseInt(hex(`${s}:${i}`).slice(0, 6), 16);
      const sizes = new Map<string, number>();
      for (let d = 0; d < 1 + (r(0) % 6); d++) {
        sizes.set(`d${d}`, 1 + (r(d + 1) % 7));
      }
      const n = [...sizes.values()].reduce((x, y) => x + y, 0);
      const ratio = ['0.5', '0.55', '0.6', '0.7', '0.9', '1'][r(9) % 6];
      const k = sampleSize(n, ratio);
      const p = inclusionProbabilities(k, sizes);
      let sum = 0;
      for (const [d, f] of p) {
        if (k === n) {
          expect(fractionText(f)).toBe('1/1');
        } else {
          expect(f.num).toBeGreaterThan(0n);
          expect(f.num).toBeLessThan(f.den);
        }
        sum += value(f) * sizes.get(d)!;
      }
      expect(sum).toBeCloseTo(k, 9);
      checked++;
    }
    expect(checked).toBe(400);
  });

  it('stay fast and exact for a large agency (N = 200, ten disciplines)', () => {
    const sizes = sizesMap({ a: 60, b: 50, c: 40, d: 20, e: 10, f: 9, g: 7, h: 2, i: 1, j: 1 });
    const started = Date.now();
    const p = inclusionProbabilities(100, sizes);
    expect(Date.now() - started).toBeLessThan(5000);
    let num = 0n;
    const den = [...p.values()].reduce((l, f) => (l * f.den) / gcd(l, f.den), 1n);
    for (const [d, f] of p) {
      num += BigInt(sizes.get(d)!) * f.num * (den / f.den);
    }
    expect(num).toBe(100n * den);
  });
});

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

describe('choukao-draw-v2: frequencies of real draws', () => {
  // Two agencies: the 3/3/1 split of the policy point, and an uneven one at a higher ratio.
  const shapes: Array<{ code: string; sizes: Record<string, number> }> = [
    { code: '913713000000000011', sizes: { machinery: 3, commerce: 3, tobacco: 1 } },
    { code: '913713000000000022', sizes: { metallurgy: 5, textile: 2, tobacco: 1, commerce: 1 } },
  ];
  const roster: CanonicalRoster = {
    agencies: shapes.map((s) => ({ code: s.code, name: `机构${s.code}`, county: '兰山区' })),
    technicians: shapes.flatMap((s) =>
      people(s.sizes).map((p, i) => ({
        key: `${s.code}-${String(i + 1).padStart(4, '0')}`,
        agencyCode: s.code,
        discipline: p.discipline,
        name: '张*',
        idNumber: '37*************123',
      })),
    ),
  };

  it('include each person within 4.5 sigma of the stated probability over 20,000 seeds, none 0 or 1', () => {
    const draws = 20_000;
    const hits = new Map(roster.technicians.map((t) => [t.key, 0]));
    let stated: Record<string, Record<string, string>> = {};
    for (let s = 0; s < draws; s++) {
      const result = draw(roster, '0.5', hex(`seed ${s}`), DRAW_ALGORITHM_V2);
      for (const a of result) {
        a.drawn.forEach((key) => hits.set(key, hits.get(key)! + 1));
      }
      if (s === 0) {
        stated = Object.fromEntries(result.map((a) => [a.code, a.inclusion!]));
      }
    }
    expect(stated).toEqual({
      '913713000000000011': { commerce: '59/105', machinery: '59/105', tobacco: '22/35' },
      '913713000000000022': expect.any(Object),
    });
    for (const t of roster.technicians) {
      const [num, den] = stated[t.agencyCode][t.discipline].split('/').map(Number);
      const p = num / den;
      const sigma = Math.sqrt((p * (1 - p)) / draws);
      const freq = hits.get(t.key)! / draws;
      expect({ key: t.key, off: Math.abs(freq - p) <= 4.5 * sigma }).toEqual({ key: t.key, off: true });
      expect(freq).toBeGreaterThan(0);
      expect(freq).toBeLessThan(1);
    }
  });
});

describe('docs/draw.md §9, the v2 test vector', () => {
  const code = '91371302MA3C000015';
  const disciplines = ['machinery', 'machinery', 'machinery', 'commerce', 'commerce', 'commerce', 'tobacco'];
  const names = ['张*三', '李*', '王*明', '赵*', '欧阳*', '阿***·***', '孙*'];
  const roster: CanonicalRoster = {
    agencies: [{ code, name: '临沂示例安全技术服务有限公司', county: '兰山区' }],
    technicians: disciplines.map((d, i) => ({
      key: `${code}-000${i + 1}`,
      agencyCode: code,
      discipline: d,
      name: names[i],
      idNumber: `37*************${100 + i}`,
    })),
  };
  const secret = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
  const entropy = '08 16 24 32 43';

  it('gives the published values and draws the specialist, where v1 would not', () => {
    expect(canonicalRosterText(roster).split('\n')).toHaveLength(10);
    const h = rosterHash(roster);
    const seed = drawSeed(secret, entropy, h);
    expect({ h, c: commitmentOf(secret), seed }).toEqual({
      h: V2_VECTOR.rosterHash,
      c: 'a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e',
      seed: V2_VECTOR.seed,
    });
    expect(roster.technicians.map((t) => technicianRank(seed, t.key).slice(0, 8))).toEqual(V2_VECTOR.ranks);
    const [v2] = draw(roster, '0.5', seed, DRAW_ALGORITHM_V2);
    expect(v2).toEqual(V2_VECTOR.result);
    const [v1] = draw(roster, '0.5', seed, DRAW_ALGORITHM_V1);
    expect(v1.allocation.tobacco).toBe(0);
  });
});

/** docs/draw.md §9 (v2): the values, worked out by hand from the ranks there. */
const V2_VECTOR = {
  rosterHash: 'cf1e66350053705db9bd1de996d72000088d629e6b8c3ccc64a23fbbed23df2f',
  seed: 'd7ebe664caca10593580919f178e8bc34ac52b743f66199b00fccdeee50dcb6e',
  ranks: ['e4ed0c17', 'cf0bf45a', '738d966c', '0057d560', 'cff701f7', '92c60c0a', '2f81ea3d'],
  result: {
    code: '91371302MA3C000015',
    n: 7,
    k: 4,
    // Floors: machinery 1 (-0003), commerce 1 (-0004), tobacco 0; L = 2. Runners-up: machinery -0002 (cf0b…),
    // commerce -0006 (92c6…), tobacco -0007 (2f81…): the best two, -0007 and -0006, are drawn.
    allocation: { commerce: 2, machinery: 1, tobacco: 1 },
    drawn: [
      '91371302MA3C000015-0004',
      '91371302MA3C000015-0007',
      '91371302MA3C000015-0003',
      '91371302MA3C000015-0006',
    ],
    substitutes: ['91371302MA3C000015-0002', '91371302MA3C000015-0005', '91371302MA3C000015-0001'],
    inclusion: { commerce: '59/105', machinery: '59/105', tobacco: '22/35' },
  },
};
