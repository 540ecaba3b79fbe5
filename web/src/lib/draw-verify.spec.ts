import { createHash, createHmac } from 'node:crypto';
// The server's implementation: the browser verifier must agree with it on every record, honest or not.
import {
  commitmentOf,
  draw,
  drawSeed,
  fractionText,
  inclusionProbabilities as serverInclusion,
  rosterHash,
  type CanonicalRoster,
  type DrawAlgorithm as ServerAlgorithm,
} from '../../../src/sampling/draw';
import { verifyDrawRecord as serverVerify, type DrawRecord } from '../../../src/sampling/draw-record';
import { pickReplacement as serverPick } from '../../../src/sampling/substitution';
import {
  canonicalRosterText,
  defaultBackend,
  inclusionProbabilities,
  hashBackendName,
  javascriptBackend,
  recomputeDraw,
  sampleSize,
  sha256Hex,
  useHashBackend,
  verifyDrawRecord,
  type DrawRecordJson,
} from './draw-verify';

const DISCIPLINES = ['hazardous-chemicals', 'metallurgy', 'machinery', 'commerce'];

/** A fictional roster: agencies of sizes 0, 1, 2, 3, 7 and 12 with mixed disciplines. */
function roster(): CanonicalRoster {
  const sizes = [0, 1, 2, 3, 7, 12];
  const agencies = sizes.map((_, i) => ({
    code: `91371300MA00000${i}X${i}`,
    name: `临沂示例${i}号安全技术服务有限公司`,
    county: i % 2 ? '兰山区' : '河东区',
  }));
  const technicians = sizes.flatMap((n, i) =>
    Array.from({ length: n }, (_, j) => ({
      key: `${agencies[i].code}-${String(j + 1).padStart(4, '0')}`,
      agencyCode: agencies[i].code,
      discipline: DISCIPLINES[(i + j * j) % DISCIPLINES.length],
      name: `张*${j}`,
      idNumber: `37***********${String(j).padStart(2, '0')}X`,
    })),
  );
  return { agencies, technicians };
}

/** An honest record made with the server's functions. */
function honestRecord(
  ratio = '0.5',
  entropy = '07 13 22 29 31 + 05（2026-03-02 见证人：王某、李某）',
  algorithm: ServerAlgorithm = 'choukao-draw-v1',
): DrawRecord {
  const r = roster();
  const secret = createHash('sha256').update('secret for the test').digest('hex');
  const hash = rosterHash(r);
  const seed = drawSeed(secret, entropy, hash);
  const agencies = draw(r, ratio, seed, algorithm);
  // One excusal in the 12-person agency, replaced by the server's rule.
  const big = agencies[5];
  const disciplineOf = new Map(r.technicians.map((t) => [t.key, t.discipline]));
  const excused = big.drawn[0];
  const replacement = serverPick(
    big.substitutes.map((key) => ({ key, discipline: disciplineOf.get(key)! })),
    new Set(),
    disciplineOf.get(excused)!,
  );
  return {
    format: 'choukao-draw-record',
    algorithm,
    campaign: { id: 1, name: '2026年度分类等级评定', year: 2026 },
    ratio,
    roster: r,
    rosterHash: hash,
    commitment: commitmentOf(secret),
    secret,
    entropy,
    seed,
    frozenAt: '2026-03-01T02:00:00.000Z',
    drawnAt: '2026-03-02T02:00:00.000Z',
    agencies,
    excusals: [{ key: excused, replacement, at: '2026-03-03T02:00:00.000Z' }],
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('draw verifier (WebCrypto)', () => {
  it('hashes like node:crypto and writes the canonical roster exactly', async () => {
    expect(await sha256Hex('抽考\n')).toBe(createHash('sha256').update('抽考\n', 'utf8').digest('hex'));
    const text = canonicalRosterText(roster());
    expect(text.startsWith('choukao-roster-v1\nA\t91371300MA000000X0\t')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(await sha256Hex(text)).toBe(rosterHash(roster()));
  });

  it('ranks, allocates and draws exactly as the server does, for several ratios and seeds', async () => {
    const r = roster();
    for (const ratio of ['0.5', '0.65', '1']) {
      for (const s of ['a', 'b', 'c']) {
        const seed = createHash('sha256').update(s).digest('hex');
        expect(await recomputeDraw(clone(r) as DrawRecordJson['roster'], ratio, seed)).toEqual(
          draw(r, ratio, seed),
        );
      }
    }
    // The HMAC key is the seed's hex text, not its bytes.
    const seed = createHash('sha256').update('x').digest('hex');
    expect(createHmac('sha256', Buffer.from(seed, 'utf8')).update('k').digest('hex')).toHaveLength(64);
    expect([0, 1, 2, 3, 7, 100].map((n) => sampleSize(n, '0.5'))).toEqual([0, 1, 1, 2, 4, 50]);
  });

  it('says OK for an honest record, as the server’s verifier does', async () => {
    const rec = honestRecord();
    const progress: number[] = [];
    const verdict = await verifyDrawRecord(clone(rec), (done) => progress.push(done));
    expect(verdict).toMatchObject({ ok: true, agencies: 6, technicians: 25, excusals: 1 });
    expect(serverVerify(rec)).toMatchObject({ ok: true });
    expect(progress[progress.length - 1]).toBe(25);
    if (verdict.ok) {
      expect(verdict.steps.every((s) => s.ok)).toBe(true);
      expect(verdict.drawn).toBe(rec.agencies.reduce((s, a) => s + a.drawn.length, 0));
    }
  });

  const tamperings: Array<[string, (r: DrawRecord) => void, RegExp]> = [
    [
      'a drawn key swapped with a substitute',
      (r) => {
        const a = r.agencies[5];
        [a.drawn[1], a.substitutes[0]] = [a.substitutes[0], a.drawn[1]];
      },
      /第 6 家机构.*抽中名单/,
    ],
    [
      'the substitute order changed',
      (r) => {
        const a = r.agencies[5];
        [a.substitutes[0], a.substitutes[1]] = [a.substitutes[1], a.substitutes[0]];
      },
      /递补名单/,
    ],
    [
      'one roster byte edited',
      (r) => {
        r.roster.technicians[3].name = '李*';
      },
      /名册哈希不符/,
    ],
    [
      'the entropy edited',
      (r) => {
        r.entropy += ' ';
      },
      /种子不符/,
    ],
    [
      'a different secret revealed',
      (r) => {
        r.secret = createHash('sha256').update('another').digest('hex');
      },
      /承诺值不符/,
    ],
    [
      'k lowered',
      (r) => {
        r.agencies[4].k -= 1;
      },
      /抽取人数 k/,
    ],
    [
      'an excusal replaced by the wrong substitute',
      (r) => {
        const e = r.excusals[0];
        const subs = r.agencies[5].substitutes;
        e.replacement = subs.find((s) => s !== e.replacement) ?? null;
      },
      /递补人员/,
    ],
    [
      'a roster out of canonical order',
      (r) => {
        r.roster.agencies.reverse();
      },
      /升序/,
    ],
  ];

  it.each(tamperings)(
    'finds the mismatch when %s (and the server agrees it is wrong)',
    async (_, edit, message) => {
      const rec = honestRecord();
      edit(rec);
      const verdict = await verifyDrawRecord(clone(rec));
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) {
        expect(verdict.mismatch).toMatch(message);
      }
      expect(serverVerify(rec).ok).toBe(false);
    },
  );

  it('gives the same verdicts without WebCrypto (plain http), on the TypeScript SHA-256', async () => {
    const prev = useHashBackend(javascriptBackend);
    try {
      expect(hashBackendName()).toBe('javascript');
      expect(await verifyDrawRecord(clone(honestRecord('0.65')))).toMatchObject({ ok: true });
      const bad = honestRecord();
      bad.agencies[3].drawn.reverse();
      expect(await verifyDrawRecord(clone(bad))).toMatchObject({
        ok: false,
        mismatch: expect.stringContaining('抽中名单'),
      });
    } finally {
      useHashBackend(prev);
    }
    expect(defaultBackend().name).toBe('webcrypto');
  });

  it('draws v2 and states its inclusion probabilities exactly as the server does', async () => {
    const r = roster();
    for (const ratio of ['0.5', '0.65', '0.9']) {
      for (const s of ['a', 'b', 'c']) {
        const seed = createHash('sha256').update(s).digest('hex');
        expect(
          await recomputeDraw(
            clone(r) as DrawRecordJson['roster'],
            ratio,
            seed,
            undefined,
            'choukao-draw-v2',
          ),
        ).toEqual(draw(r, ratio, seed, 'choukao-draw-v2'));
      }
    }
    // Counting (here) and integrating (the server) agree on many agency shapes.
    for (let s = 0; s < 150; s++) {
      const r8 = (i: number) =>
        parseInt(createHash('sha256').update(`${s}:${i}`).digest('hex').slice(0, 6), 16);
      const sizes = new Map<string, number>();
      for (let d = 0; d < 1 + (r8(0) % 5); d++) {
        sizes.set(`d${d}`, 1 + (r8(d + 1) % 8));
      }
      const n = [...sizes.values()].reduce((x, y) => x + y, 0);
      const k = sampleSize(n, ['0.5', '0.6', '0.75', '1'][r8(9) % 4]);
      const mine = inclusionProbabilities(k, sizes);
      const server = new Map([...serverInclusion(k, sizes)].map(([d, f]) => [d, fractionText(f)]));
      expect(mine).toEqual(server);
    }
    expect(
      Object.fromEntries(
        inclusionProbabilities(
          4,
          new Map([
            ['m', 3],
            ['c', 3],
            ['t', 1],
          ]),
        ),
      ),
    ).toEqual({
      c: '59/105',
      m: '59/105',
      t: '22/35',
    });
  });

  it('verifies v2 records, and finds an edited inclusion probability', async () => {
    const rec = honestRecord('0.5', '42', 'choukao-draw-v2');
    expect(await verifyDrawRecord(clone(rec))).toMatchObject({ ok: true });
    const edited = clone(rec);
    const a = edited.agencies[4];
    const d = Object.keys(a.inclusion!)[0];
    a.inclusion![d] = '1/2';
    expect(await verifyDrawRecord(edited)).toMatchObject({
      ok: false,
      mismatch: expect.stringContaining('入选概率'),
    });
    expect(serverVerify(edited).ok).toBe(false);
    expect(await verifyDrawRecord({ ...clone(rec), algorithm: 'choukao-draw-v9' })).toMatchObject({
      ok: false,
      mismatch: expect.stringContaining('choukao-draw-v9'),
    });
  });

  it('holds a record against the values published at freezing, and fails a consistently recomputed forgery', async () => {
    for (const algorithm of ['choukao-draw-v1', 'choukao-draw-v2'] as const) {
      const rec = honestRecord('0.5', '42', algorithm);
      const published = [
        { rosterHash: 'f'.repeat(64), commitment: 'e'.repeat(64), publishedAt: '2026-02-28T02:00:00.000Z' },
        { rosterHash: rec.rosterHash, commitment: rec.commitment, publishedAt: rec.frozenAt },
      ];
      const honest = await verifyDrawRecord(clone(rec), undefined, published);
      expect(honest).toMatchObject({ ok: true });
      expect(honest.steps.map((s) => s.label)).toContain('承诺值与冻结时公布的一致');
      const forged = clone(rec);
      forged.secret = createHash('sha256').update('chosen after the entropy').digest('hex');
      forged.commitment = commitmentOf(forged.secret);
      forged.seed = drawSeed(forged.secret, forged.entropy, forged.rosterHash);
      forged.agencies = draw(forged.roster, forged.ratio, forged.seed, algorithm);
      forged.excusals = [];
      expect(await verifyDrawRecord(clone(forged))).toMatchObject({ ok: true });
      expect(serverVerify(forged, published)).toMatchObject({ ok: false });
      expect(await verifyDrawRecord(clone(forged), undefined, published)).toMatchObject({
        ok: false,
        mismatch: expect.stringContaining('承诺值与冻结时公布的不符'),
      });
      // Published only after the draw: nothing to hold the record against.
      expect(
        await verifyDrawRecord(clone(rec), undefined, [
          { ...published[1], publishedAt: '2026-03-09T00:00:00.000Z' },
        ]),
      ).toMatchObject({ ok: false, mismatch: expect.stringContaining('早于抽取时间') });
    }
  });

  it('refuses what is not a draw record', async () => {
    expect(await verifyDrawRecord(null)).toMatchObject({ ok: false });
    expect(await verifyDrawRecord({ format: 'something-else' })).toMatchObject({
      ok: false,
      mismatch: expect.stringContaining('记录格式'),
    });
  });
});
