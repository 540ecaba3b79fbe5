import { createHash } from 'node:crypto';
import { generateFictionalRoster } from '../roster/fictional-roster';
import { commitmentOf, draw, DRAW_ALGORITHM, drawSeed, rosterHash } from './draw';
import { DRAW_RECORD_FORMAT, DrawRecord, verifyDrawRecord } from './draw-record';
import { buildSnapshot } from './snapshot';
import { pickReplacement } from './substitution';
import { DEFAULT_DISCIPLINES } from '../config/disciplines';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

function record(): DrawRecord {
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
    algorithm: DRAW_ALGORITHM,
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
    agencies: draw(snapshot.roster, '0.5', seed),
    excusals: [],
  };
}

describe('draw record verification', () => {
  it('accepts an intact record', () => {
    const r = record();
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
    const r = record();
    edit(r);
    const verdict = verifyDrawRecord(r);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.mismatch).toMatch(message);
  });

  it('fails when any one character of the roster or of a drawn or substitute list is changed', () => {
    const base = record();
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
    const r = record();
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
