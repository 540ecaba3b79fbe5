import { createHash } from 'node:crypto';
import {
  allocate,
  CanonicalRoster,
  canonicalRosterText,
  commitmentOf,
  draw,
  drawSeed,
  parseRatio,
  RosterFormatError,
  rosterHash,
  RosterTechnician,
  sampleSize,
  technicianRank,
} from './draw';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const SEED = hex('a fixed seed');

/** One agency per entry of `sizes`, its technicians spread over the given disciplines in turn. */
function roster(agencies: Array<{ code: string; disciplines: string[] }>): CanonicalRoster {
  const technicians: RosterTechnician[] = [];
  for (const a of agencies) {
    a.disciplines.forEach((d, i) =>
      technicians.push({
        key: `${a.code}-${String(i + 1).padStart(4, '0')}`,
        agencyCode: a.code,
        discipline: d,
        name: '张*三',
        idNumber: '37*************123',
      }),
    );
  }
  return {
    agencies: agencies.map((a) => ({ code: a.code, name: `机构${a.code}`, county: '兰山区' })),
    technicians,
  };
}
const code = (i: number) => `9137130200000000${String(i).padStart(2, '0')}`;
const same = (n: number, d = 'machinery') => Array.from({ length: n }, () => d);

describe('sample size k = ceil(ratio × N)', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 1],
    [3, 2],
    [7, 4],
    [100, 50],
  ])('N = %i gives k = %i at the default ratio 0.5', (n, k) => {
    expect(sampleSize(n, '0.5')).toBe(k);
    const [result] = draw(roster([{ code: code(1), disciplines: same(n) }]), '0.5', SEED);
    expect(result).toMatchObject({ n, k });
    expect(result.drawn).toHaveLength(k);
    expect(result.substitutes).toHaveLength(n - k);
  });

  it('computes in integers, so that 0.6 × 5 is exactly 3 (not 3.0000000000000004 → 4)', () => {
    expect(sampleSize(5, '0.6')).toBe(3);
    expect(sampleSize(10, '0.7')).toBe(7);
    expect(sampleSize(3, '1')).toBe(3);
    expect(sampleSize(3, '1.0')).toBe(3);
    expect(sampleSize(7, '0.6667')).toBe(5);
  });

  it('refuses a ratio below 0.5, above 1, or written loosely', () => {
    for (const bad of ['0.4999', '0.49', '1.01', '0.12345', '.5', '0,5', '', '1.5']) {
      expect(() => parseRatio(bad)).toThrow(RosterFormatError);
    }
    expect(parseRatio('0.65')).toEqual({ num: 65, den: 100 });
  });
});

describe('allocation across disciplines (largest remainder)', () => {
  it('gives exact quotas when they are whole: 6 + 4 technicians, k = 5 → 3 + 2', () => {
    const disciplines = [...same(6, 'commerce'), ...same(4, 'textile')];
    for (const seed of [SEED, hex('another')]) {
      const [r] = draw(roster([{ code: code(1), disciplines }]), '0.5', seed);
      expect(r.allocation).toEqual({ commerce: 3, textile: 2 });
      const keys = new Map(
        roster([{ code: code(1), disciplines }]).technicians.map((t) => [t.key, t.discipline]),
      );
      expect(r.drawn.filter((k) => keys.get(k) === 'commerce')).toHaveLength(3);
      expect(r.drawn.filter((k) => keys.get(k) === 'textile')).toHaveLength(2);
    }
  });

  it('gives the places left to the largest remainders: 4 + 2 + 1, k = 4 → 2 + 1 + 1', () => {
    // quotas 16/7, 8/7, 4/7: floors 2, 1, 0 and remainders 2/7, 1/7, 4/7 → the last place goes to the single one.
    const disciplines = [...same(4, 'commerce'), ...same(2, 'metallurgy'), 'tobacco'];
    const [r] = draw(roster([{ code: code(1), disciplines }]), '0.5', SEED);
    expect(r.allocation).toEqual({ commerce: 2, metallurgy: 1, tobacco: 1 });
    expect(r.k).toBe(4);
  });

  it('always places every discipline of two or more technicians (ratio ≥ 0.5 makes its quota ≥ 1)', () => {
    for (let s = 0; s < 50; s++) {
      const disciplines = [
        ...same(2 + (s % 5), 'commerce'),
        ...same(2 + (s % 3), 'textile'),
        ...same(9, 'machinery'),
      ];
      const [r] = draw(roster([{ code: code(1), disciplines }]), '0.5', hex(`s${s}`));
      expect(Object.values(r.allocation).every((n) => n >= 1)).toBe(true);
      expect(Object.values(r.allocation).reduce((a, b) => a + b, 0)).toBe(r.k);
    }
  });

  it('breaks a tie of remainders by the lower rank of each discipline’s next technician', () => {
    const rank = (r: string) => ({ key: r, discipline: '', rank: r });
    // k = 1 over two disciplines of one each: remainders equal, the lower rank wins.
    const members = new Map([
      ['a', [rank('9')]],
      ['b', [rank('1')]],
    ]);
    expect(Object.fromEntries(allocate(1, members))).toEqual({ a: 0, b: 1 });
    // 3 + 3 + 2, k = 4: quotas 1.5, 1.5, 1 → floors 1, 1, 1; the tie between a and b goes to the lower
    // rank of their second-best technicians (index 1), not of their best.
    const m2 = new Map([
      ['a', [rank('0'), rank('7'), rank('8')]],
      ['b', [rank('5'), rank('6'), rank('9')]],
      ['c', [rank('1'), rank('2')]],
    ]);
    expect(Object.fromEntries(allocate(4, m2))).toEqual({ a: 1, b: 2, c: 1 });
  });

  it('draws, within each discipline, its lowest ranks; the rest of the agency by rank are the substitutes', () => {
    const r0 = roster([{ code: code(1), disciplines: [...same(5, 'commerce'), ...same(4, 'textile')] }]);
    const [r] = draw(r0, '0.5', SEED);
    const rankOf = new Map(r0.technicians.map((t) => [t.key, technicianRank(SEED, t.key)]));
    const disc = new Map(r0.technicians.map((t) => [t.key, t.discipline]));
    for (const d of ['commerce', 'textile']) {
      const all = r0.technicians.filter((t) => t.discipline === d).map((t) => t.key);
      all.sort((a, b) => (rankOf.get(a)! < rankOf.get(b)! ? -1 : 1));
      expect(new Set(r.drawn.filter((k) => disc.get(k) === d))).toEqual(
        new Set(all.slice(0, r.allocation[d])),
      );
    }
    const subRanks = r.substitutes.map((k) => rankOf.get(k)!);
    expect(subRanks).toEqual([...subRanks].sort());
    const drawnRanks = r.drawn.map((k) => rankOf.get(k)!);
    expect(drawnRanks).toEqual([...drawnRanks].sort());
    expect(new Set([...r.drawn, ...r.substitutes])).toEqual(new Set(r0.technicians.map((t) => t.key)));
  });
});

describe('determinism and the roster hash', () => {
  const r0 = roster(
    Array.from({ length: 12 }, (_, i) => ({
      code: code(i),
      disciplines: [...same(i % 7, 'commerce'), ...same(i % 4, 'tobacco'), ...same(i % 3, 'nonferrous')],
    })),
  );

  it('gives the same result for the same inputs, and a different one for another seed', () => {
    expect(draw(r0, '0.5', SEED)).toEqual(draw(structuredClone(r0), '0.5', SEED));
    expect(draw(r0, '0.5', SEED)).not.toEqual(draw(r0, '0.5', hex('other')));
  });

  it('keeps every agency at k ≥ ceil(ratio × N), zero only for N = 0', () => {
    for (const a of draw(r0, '0.5', SEED)) {
      expect(a.drawn.length).toBe(Math.ceil(a.n / 2));
    }
  });

  it('changes the hash when any one roster row changes', () => {
    const h = rosterHash(r0);
    const variants: Array<(r: CanonicalRoster) => void> = [
      (r) => (r.technicians[3].name = '李*三'),
      (r) => (r.technicians[3].discipline = 'textile'),
      (r) => (r.technicians[3].idNumber = '37*************124'),
      (r) => (r.agencies[2].name = '另一机构'),
      (r) => (r.agencies[2].county = '河东区'),
      (r) => r.technicians.pop(),
    ];
    for (const edit of variants) {
      const r = structuredClone(r0);
      edit(r);
      expect(rosterHash(r)).not.toBe(h);
    }
  });

  it('refuses a roster that is not in canonical order or has a tab in a field', () => {
    const swapped = structuredClone(r0);
    [swapped.technicians[0], swapped.technicians[1]] = [swapped.technicians[1], swapped.technicians[0]];
    expect(() => canonicalRosterText(swapped)).toThrow(/ascending key order/);
    const tab = structuredClone(r0);
    tab.technicians[0].name = '张\t三';
    expect(() => canonicalRosterText(tab)).toThrow(RosterFormatError);
  });
});

describe('distribution', () => {
  /** 2,000 fixed seeds: the check is deterministic, and fails only if the draw favours some technicians. */
  const seeds = Array.from({ length: 2000 }, (_, i) => hex(`chi-square seed ${i}`));

  function frequencies(disciplines: string[]): Map<string, number> {
    const r = roster([{ code: code(1), disciplines }]);
    const counts = new Map(r.technicians.map((t) => [t.key, 0]));
    for (const s of seeds) {
      for (const key of draw(r, '0.5', s)[0].drawn) {
        counts.set(key, counts.get(key)! + 1);
      }
    }
    return counts;
  }

  it('draws each of 7 technicians with frequency ≈ k/N = 4/7 (chi-square, df 6, p = 0.001 bound 22.46)', () => {
    const counts = frequencies(same(7));
    const expected = (seeds.length * 4) / 7;
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(22.46);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(seeds.length * 4);
  });

  it('draws within each discipline uniformly: 6 + 4, k = 5 (chi-square, df 8, p = 0.001 bound 26.12)', () => {
    const counts = frequencies([...same(6, 'commerce'), ...same(4, 'textile')]);
    const keys = [...counts.keys()];
    let chi2 = 0;
    keys.forEach((k, i) => {
      const expected = i < 6 ? (seeds.length * 3) / 6 : (seeds.length * 2) / 4;
      chi2 += (counts.get(k)! - expected) ** 2 / expected;
    });
    expect(chi2).toBeLessThan(26.12);
  });
});

describe('commitment and seed', () => {
  const secret = hex('server secret');

  it('commits to the secret’s hex text and mixes secret, entropy and roster hash with LF separators', () => {
    expect(commitmentOf(secret)).toBe(hex(secret));
    const h = hex('roster');
    expect(drawSeed(secret, '07 12 33 41', h)).toBe(hex(`${secret}\n07 12 33 41\n${h}`));
    expect(drawSeed(secret, '07 12 33 41 ', h)).not.toBe(drawSeed(secret, '07 12 33 41', h));
    expect(() => drawSeed('ABC', 'x', h)).toThrow(RosterFormatError);
  });
});
