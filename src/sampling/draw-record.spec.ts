import { createHash } from 'node:crypto';
import { generateFictionalRoster } from '../roster/fictional-roster';
import {
  commitmentOf,
  draw,
  DRAW_ALGORITHM_V1,
  DRAW_ALGORITHM_V2,
  DrawAlgorithm,
  drawSeed,
  rosterHash,
} from './draw';
import {
  DRAW_RECORD_FORMAT,
  DrawRecord,
  PublishedCommitment,
  publishedCommitments,
  verifyDrawRecord,
} from './draw-record';
import { buildSnapshot } from './snapshot';
import { pickReplacement } from './substitution';
import { DEFAULT_DISCIPLINES } from '../config/disciplines';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

function record(algorithm: DrawAlgorithm = DRAW_ALGORITHM_V2): DrawRecord {
  const fictional = generateFictionalRoster({ agencies: 8, perAgency: [0, 9], seed: 5 });
  const codeOf = new Map<string, string>(DEFAULT_DISCIPLINES.map((d) => [d.name, d.code]));
  const snapshot = buildSnapshot(
    fictional.agencies.map((a, i) => ({ agencyId: i + 1, code: a.code, name: a.name, county: a.county })),
    fictional.technicians.map((t, i) => ({
      technicianId: i + 1,
      agencyId: 0,
      agencyCode: t.agencyCode,
      name: t.name,
      idNumber: t.idNumber,
      discipline: codeOf.get(t.disciplineName)!,
    })),
  );
  const secret = hex('secret');
  const entropy = '见证人摇号：07 15 23 31 42';
  const h = rosterHash(snapshot.roster);
  const seed = drawSeed(secret, entropy, h);
  return {
    format: DRAW_RECORD_FORMAT,
    algorithm,
    campaign: { id: 1, name: '测试批次', year: 2026 },
    ratio: '0.5',
    roster: snapshot.roster,
    rosterHash: h,
    commitment: commitmentOf(secret),
    secret,
    entropy,
    seed,
    frozenAt: '2026-03-01T00:00:00.000Z',
    drawnAt: '2026-03-02T00:00:00.000Z',
    agencies: draw(snapshot.roster, '0.5', seed, algorithm),
    excusals: [],
  };
}

describe.each<DrawAlgorithm>([DRAW_ALGORITHM_V1, DRAW_ALGORITHM_V2])(
  'draw record verification (%s)',
  (algorithm) => {
    it('accepts an intact record', () => {
      const r = record(algorithm);
      expect(verifyDrawRecord(JSON.parse(JSON.stringify(r)))).toMatchObject({
        ok: true,
        agencies: 8,
        technicians: r.roster.technicians.length,
      });
    });

    it.each<[string, (r: DrawRecord) => void, RegExp]>([
      ['a drawn key', (r) => (r.agencies[1].drawn[0] = r.agencies[1].substitutes[0]), /drawn\[0\]/],
      ['a substitute order', (r) => r.agencies[1].substitutes.reverse(), /substitutes\[0\]/],
      ['a roster name', (r) => (r.roster.technicians[4].name = '王*'), /rosterHash/],
      [
        'the roster hash and rows together',
        (r) => {
          r.roster.technicians[4].discipline = 'tobacco';
          r.rosterHash = rosterHash(r.roster);
        },
        /seed/,
      ],
      ['the entropy', (r) => (r.entropy += ' '), /seed/],
      ['the secret', (r) => (r.secret = hex('other')), /commitment/],
      ['k', (r) => (r.agencies[1].k += 1), /k is/],
      ['the ratio', (r) => (r.ratio = '0.6'), /./],
      ['a lower ratio', (r) => (r.ratio = '0.4'), /ratio/],
    ])('reports an edit of %s', (_, edit, message) => {
      const r = record(algorithm);
      edit(r);
      const verdict = verifyDrawRecord(r);
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.mismatch).toMatch(message);
    });

    it('fails when any one character of the roster or of a drawn or substitute list is changed', () => {
      const base = record(algorithm);
      const edit = (v: string) => v.slice(0, -1) + (v.endsWith('1') ? '2' : '1');
      const edits: Array<(r: DrawRecord) => void> = [];
      base.roster.agencies.forEach((_, i) => {
        for (const f of ['code', 'name', 'county'] as const) {
          edits.push((r) => (r.roster.agencies[i][f] = edit(r.roster.agencies[i][f])));
        }
      });
      base.roster.technicians.forEach((_, i) => {
        for (const f of ['key', 'agencyCode', 'discipline', 'name', 'idNumber'] as const) {
          edits.push((r) => (r.roster.technicians[i][f] = edit(r.roster.technicians[i][f])));
        }
      });
      base.agencies.forEach((a, i) => {
        a.drawn.forEach((_, j) => edits.push((r) => (r.agencies[i].drawn[j] = edit(r.agencies[i].drawn[j]))));
        a.substitutes.forEach((_, j) =>
          edits.push((r) => (r.agencies[i].substitutes[j] = edit(r.agencies[i].substitutes[j]))),
        );
      });
      expect(edits.length).toBeGreaterThan(200);
      for (const e of edits) {
        const r = structuredClone(base);
        e(r);
        expect(verifyDrawRecord(r).ok).toBe(false);
      }
    });

    it('replays excusals and checks each replacement against the rule', () => {
      const r = record(algorithm);
      const agency = r.agencies.find((a) => a.substitutes.length >= 2)!;
      const discipline = new Map(r.roster.technicians.map((t) => [t.key, t.discipline]));
      const excused = agency.drawn[0];
      const expected = pickReplacement(
        agency.substitutes.map((key) => ({ key, discipline: discipline.get(key)! })),
        new Set(),
        discipline.get(excused)!,
      );
      r.excusals = [{ key: excused, replacement: expected, at: '2026-03-03T00:00:00.000Z' }];
      expect(verifyDrawRecord(r)).toMatchObject({ ok: true, excusals: 1 });
      r.excusals[0].replacement = agency.substitutes.find((k) => k !== expected)!;
      expect(verifyDrawRecord(r)).toMatchObject({
        ok: false,
        mismatch: expect.stringMatching(/excusals\[0\]/),
      });
    });
  },
);

/** A forgery that recomputes everything consistently: a new secret, its commitment, the seed and the draw. */
function forge(r: DrawRecord, edit: (f: DrawRecord) => void): DrawRecord {
  const f = structuredClone(r);
  edit(f);
  f.rosterHash = rosterHash(f.roster);
  f.commitment = commitmentOf(f.secret);
  f.seed = drawSeed(f.secret, f.entropy, f.rosterHash);
  f.agencies = draw(f.roster, f.ratio, f.seed, f.algorithm);
  return f;
}

describe('the values published at freezing', () => {
  const genuine = record();
  const atFreezing: PublishedCommitment = {
    rosterHash: genuine.rosterHash,
    commitment: genuine.commitment,
    publishedAt: genuine.frozenAt,
  };

  it('accepts the genuine record against them, and says which value it matched', () => {
    expect(verifyDrawRecord(genuine, [atFreezing])).toMatchObject({
      ok: true,
      published: { publishedAt: genuine.frozenAt, position: 1, count: 1 },
    });
  });

  it('fails a forgery with a new secret and everything recomputed, which passes without them', () => {
    const forged = forge(genuine, (f) => (f.secret = hex('a secret chosen after the entropy was known')));
    expect(verifyDrawRecord(forged)).toMatchObject({ ok: true });
    expect(verifyDrawRecord(forged, [atFreezing])).toEqual({
      ok: false,
      mismatch: expect.stringMatching(/^commitment: .*differs from the value published at freezing/),
    });
  });

  it('fails a forgery with an edited roster and every hash redone', () => {
    const forged = forge(genuine, (f) => (f.roster.technicians[0].discipline = 'tobacco'));
    expect(verifyDrawRecord(forged)).toMatchObject({ ok: true });
    expect(verifyDrawRecord(forged, [atFreezing])).toEqual({
      ok: false,
      mismatch: expect.stringMatching(/^rosterHash: .*differs from the value published at freezing/),
    });
  });

  it('holds the record against the last value published before the draw, not an earlier or a later one', () => {
    const earlier = { rosterHash: hex('r0'), commitment: hex('c0'), publishedAt: '2026-02-28T00:00:00.000Z' };
    const later = { rosterHash: hex('r2'), commitment: hex('c2'), publishedAt: '2026-03-03T00:00:00.000Z' };
    expect(verifyDrawRecord(genuine, [earlier, atFreezing, later])).toMatchObject({
      ok: true,
      published: { position: 2, count: 3 },
    });
    // A re-freeze after the one the record was made from: the record no longer matches what was last published.
    const refrozen = { ...earlier, publishedAt: '2026-03-01T12:00:00.000Z' };
    expect(verifyDrawRecord(genuine, [atFreezing, refrozen])).toMatchObject({ ok: false });
    expect(verifyDrawRecord(genuine, [later])).toEqual({
      ok: false,
      mismatch: expect.stringMatching(/none was published before the draw/),
    });
  });

  it('reads the public endpoint’s JSON, and the single values of a server without history', () => {
    expect(publishedCommitments({ id: 1, commitments: [atFreezing] })).toEqual([atFreezing]);
    expect(
      publishedCommitments({
        rosterHash: atFreezing.rosterHash,
        commitment: atFreezing.commitment,
        frozenAt: atFreezing.publishedAt,
      }),
    ).toEqual([atFreezing]);
    expect(() => publishedCommitments({ commitments: [] })).toThrow(/commitments/);
    expect(() => publishedCommitments([1, 2])).toThrow(/published values/);
  });
});

describe('records of both algorithms', () => {
  it('dispatch on the algorithm they name: a v2 record relabelled v1 fails, and v2 checks the probabilities', () => {
    const v2 = record(DRAW_ALGORITHM_V2);
    const differs = v2.agencies.some(
      (a, i) => JSON.stringify(a.drawn) !== JSON.stringify(record(DRAW_ALGORITHM_V1).agencies[i].drawn),
    );
    const relabelled = { ...structuredClone(v2), algorithm: DRAW_ALGORITHM_V1 } as DrawRecord;
    expect(differs).toBe(true); // this roster has agencies where the two algorithms disagree
    expect(verifyDrawRecord(relabelled).ok).toBe(!differs);
    const edited = structuredClone(v2);
    const a = edited.agencies.find((x) => x.inclusion && Object.keys(x.inclusion).length > 0)!;
    const d = Object.keys(a.inclusion!)[0];
    a.inclusion![d] = '1/2';
    expect(verifyDrawRecord(edited)).toEqual({
      ok: false,
      mismatch: expect.stringMatching(/inclusion is/),
    });
    expect(verifyDrawRecord({ ...v2, algorithm: 'choukao-draw-v3' })).toEqual({
      ok: false,
      mismatch: expect.stringMatching(/knows "choukao-draw-v1", "choukao-draw-v2"/),
    });
  });
});

describe('substitution rule', () => {
  const subs = [
    { key: 'a', discipline: 'x' },
    { key: 'b', discipline: 'y' },
    { key: 'c', discipline: 'y' },
  ];
  it('takes the next of the same discipline, else the next of the agency, else nobody', () => {
    expect(pickReplacement(subs, new Set(), 'y')).toBe('b');
    expect(pickReplacement(subs, new Set(['b']), 'y')).toBe('c');
    expect(pickReplacement(subs, new Set(['b', 'c']), 'y')).toBe('a');
    expect(pickReplacement(subs, new Set(), 'z')).toBe('a');
    expect(pickReplacement(subs, new Set(['a', 'b', 'c']), 'y')).toBeNull();
  });
});
