import { DRAW_ALGORITHM_V1, DRAW_ALGORITHM_V2 } from './draw';
import { agencyFigures, drawRecordAgencies, FiguresRow } from './draw-tallies';

describe('drawRecordAgencies (the public record, per agency)', () => {
  // Agency A: 3 technicians (two in discipline "02", one in "01"), k = 2; drawn 11 ("02") and 13 ("01"), 12 is the
  // substitute. Agency B: one technician in "03", k = 1, drawn. Agency C has nobody.
  const agencies = [
    { code: 'B', n: 1, k: 1 },
    { code: 'A', n: 3, k: 2 },
    { code: 'C', n: 0, k: 0 },
  ];
  const technicians = [
    { id: 11, techKey: 'a-11', agencyCode: 'A', discipline: '02' },
    { id: 12, techKey: 'a-12', agencyCode: 'A', discipline: '02' },
    { id: 13, techKey: 'a-13', agencyCode: 'A', discipline: '01' },
    { id: 21, techKey: 'b-21', agencyCode: 'B', discipline: '03' },
  ];
  // In position order: the entries' order is the rank order the record keeps.
  const entries = [
    { agencyCode: 'A', entryId: 13, outcome: 'drawn' },
    { agencyCode: 'B', entryId: 21, outcome: 'drawn' },
    { agencyCode: 'A', entryId: 11, outcome: 'drawn' },
    { agencyCode: 'A', entryId: 12, outcome: 'substitute' },
  ];

  it('lists agencies in roster order with drawn keys, substitutes and places per discipline (v1)', () => {
    const out = drawRecordAgencies(DRAW_ALGORITHM_V1, ['A', 'B', 'C'], agencies, technicians, entries);
    expect(out).toEqual([
      {
        code: 'A',
        n: 3,
        k: 2,
        allocation: { '01': 1, '02': 1 },
        drawn: ['a-13', 'a-11'],
        substitutes: ['a-12'],
      },
      { code: 'B', n: 1, k: 1, allocation: { '03': 1 }, drawn: ['b-21'], substitutes: [] },
      { code: 'C', n: 0, k: 0, allocation: {}, drawn: [], substitutes: [] },
    ]);
    expect(Object.keys(out[0].allocation)).toEqual(['01', '02']);
    expect(out[0].inclusion).toBeUndefined();
  });

  it('lists a discipline with no place at zero', () => {
    const out = drawRecordAgencies(
      DRAW_ALGORITHM_V1,
      ['A'],
      [{ code: 'A', n: 3, k: 1 }],
      technicians.slice(0, 3),
      [
        { agencyCode: 'A', entryId: 12, outcome: 'drawn' },
        { agencyCode: 'A', entryId: 13, outcome: 'substitute' },
        { agencyCode: 'A', entryId: 11, outcome: 'substitute' },
      ],
    );
    expect(out[0].allocation).toEqual({ '01': 0, '02': 1 });
    expect(out[0].substitutes).toEqual(['a-13', 'a-11']);
  });

  it('adds each discipline’s inclusion probability under v2', () => {
    // B: k = n = 1, certain. Two technicians, one place, one per discipline: by symmetry each has 1/2.
    const out = drawRecordAgencies(
      DRAW_ALGORITHM_V2,
      ['B', 'D'],
      [
        { code: 'B', n: 1, k: 1 },
        { code: 'D', n: 2, k: 1 },
      ],
      [
        technicians[3],
        { id: 31, techKey: 'd-31', agencyCode: 'D', discipline: '01' },
        { id: 32, techKey: 'd-32', agencyCode: 'D', discipline: '02' },
      ],
      [
        { agencyCode: 'B', entryId: 21, outcome: 'drawn' },
        { agencyCode: 'D', entryId: 32, outcome: 'drawn' },
        { agencyCode: 'D', entryId: 31, outcome: 'substitute' },
      ],
    );
    expect(out[0].inclusion).toEqual({ '03': '1/1' });
    expect(out[1].inclusion).toEqual({ '01': '1/2', '02': '1/2' });
    expect(out[1].allocation).toEqual({ '01': 0, '02': 1 });
  });
});

describe('agencyFigures (the campaign figures)', () => {
  const agencies = [
    { code: 'A', name: '甲机构', county: '市辖区', n: 4, k: 2 },
    { code: 'B', name: '乙机构', county: '某县', n: 0, k: 0 },
  ];

  it('is all zeros and never short before the draw', () => {
    expect(agencyFigures(agencies, [])).toEqual([
      {
        code: 'A',
        name: '甲机构',
        county: '市辖区',
        n: 4,
        k: 2,
        drawn: 0,
        excused: 0,
        substitutesLeft: 0,
        short: false,
        noTechnicians: false,
        allocation: {},
      },
      {
        code: 'B',
        name: '乙机构',
        county: '某县',
        n: 0,
        k: 0,
        drawn: 0,
        excused: 0,
        substitutesLeft: 0,
        short: false,
        noTechnicians: true,
        allocation: {},
      },
    ]);
  });

  it('counts the sample, the excused, the substitutes left and the drawn allocation (counts as strings too)', () => {
    // A drew 2 ("01" and "02"); the "02" one was excused and replaced by a substitute now in; one substitute left.
    const rows: FiguresRow[] = [
      { agencyCode: 'A', outcome: 'drawn', state: 'in', discipline: '01', n: '1' },
      { agencyCode: 'A', outcome: 'drawn', state: 'excused', discipline: '02', n: 1 },
      { agencyCode: 'A', outcome: 'substitute', state: 'in', discipline: '02', n: 1 },
      { agencyCode: 'A', outcome: 'substitute', state: 'out', discipline: '01', n: '1' },
      { agencyCode: 'Z', outcome: 'drawn', state: 'in', discipline: '01', n: 5 },
    ];
    const [a, b] = agencyFigures(agencies, rows);
    expect(a).toMatchObject({
      drawn: 2,
      excused: 1,
      substitutesLeft: 1,
      short: false,
      allocation: { '01': 1, '02': 1 },
    });
    expect(b).toMatchObject({ drawn: 0, short: false, noTechnicians: true });
  });

  it('is short when, after the draw, fewer than k are in the sample', () => {
    const rows: FiguresRow[] = [
      { agencyCode: 'A', outcome: 'drawn', state: 'in', discipline: '01', n: 1 },
      { agencyCode: 'A', outcome: 'drawn', state: 'excused', discipline: '01', n: 1 },
    ];
    expect(agencyFigures(agencies, rows)[0]).toMatchObject({
      drawn: 1,
      excused: 1,
      substitutesLeft: 0,
      short: true,
    });
  });
});
