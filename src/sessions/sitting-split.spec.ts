import { agencyGroups, fillSeats, splitByAgency } from './sitting-split';

/** `n` people of agency `agencyId`, ids from `from`. */
function agency(
  agencyId: number,
  n: number,
  from: number,
): Array<{ technicianId: number; agencyId: number }> {
  return Array.from({ length: n }, (_, i) => ({ technicianId: from + i, agencyId }));
}

const ids = (l: Array<{ technicianId: number }>): number[] => l.map((p) => p.technicianId);
const agenciesOf = (l: Array<{ agencyId: number }>): number[] => [...new Set(l.map((p) => p.agencyId))];

describe('agencyGroups', () => {
  it('groups by agency, largest first, ties by agency id, people in input order', () => {
    const people = [...agency(7, 2, 1), ...agency(3, 3, 10), ...agency(5, 2, 20)];
    const g = agencyGroups([people[1], ...people.slice(2), people[0]]);
    expect(g.map((x) => x.agencyId)).toEqual([3, 5, 7]);
    expect(ids(g[2].people)).toEqual([2, 1]);
  });
});

describe('splitByAgency', () => {
  it('60 people of 4 agencies (20, 16, 14, 10) over 3 rooms of 25: every agency whole, no room over 25', () => {
    const people = [
      ...agency(1, 20, 100),
      ...agency(2, 16, 200),
      ...agency(3, 14, 300),
      ...agency(4, 10, 400),
    ];
    const r = splitByAgency(people, [25, 25, 25]);
    // 20 → room 1 (5 left), 16 → room 2 (9 left), 14 → room 3 (11 left), 10 → room 3 (1 left).
    expect(r.sittings.map((s) => agenciesOf(s))).toEqual([[1], [2], [3, 4]]);
    expect(r.sittings.map((s) => s.length)).toEqual([20, 16, 24]);
    expect(r.left).toEqual([]);
    expect(r.splitAgencyIds).toEqual([]);
  });

  it('an agency larger than any room is cut over the roomiest sittings, as few times as possible', () => {
    const people = [...agency(1, 30, 100), ...agency(2, 5, 200)];
    const r = splitByAgency(people, [20, 20]);
    // 30 fits nowhere whole: 20 to room 1, 10 to room 2; then 5 to room 2 (10 free).
    expect(ids(r.sittings[0])).toEqual(ids(agency(1, 20, 100)));
    expect(ids(r.sittings[1])).toEqual([...ids(agency(1, 10, 120)), ...ids(agency(2, 5, 200))]);
    expect(r.splitAgencyIds).toEqual([1]);
    expect(r.left).toEqual([]);
  });

  it('more people than seats: the rest is left, nobody twice, no room over its capacity', () => {
    const people = [...agency(1, 6, 100), ...agency(2, 6, 200), ...agency(3, 3, 300)];
    const r = splitByAgency(people, [5, 5]);
    expect(r.sittings.map((s) => s.length)).toEqual([5, 5]);
    expect(r.left.length).toBe(5);
    const all = [...r.sittings.flat(), ...r.left].map((p) => p.technicianId).sort((a, b) => a - b);
    expect(all).toEqual(ids(people).sort((a, b) => a - b));
    // Agency 1 (6) goes 5 to room 1 and 1 left; agency 2 (6) 5 to room 2 and 1 left; agency 3 left whole.
    expect(r.splitAgencyIds).toEqual([1, 2]);
  });

  it('no people, or no seats', () => {
    expect(splitByAgency([], [3, 4])).toEqual({ sittings: [[], []], left: [], splitAgencyIds: [] });
    const r = splitByAgency(agency(1, 2, 1), [0]);
    expect(r.sittings).toEqual([[]]);
    expect(ids(r.left)).toEqual([1, 2]);
  });
});

describe('fillSeats', () => {
  it('whole agencies first, then part of the largest remaining one', () => {
    const people = [...agency(1, 8, 100), ...agency(2, 4, 200), ...agency(3, 3, 300)];
    // 10 seats: 8 fits (2 left); 4 and 3 do not; the 2 seats go to the largest remaining agency (2).
    expect(ids(fillSeats(people, 10))).toEqual([...ids(agency(1, 8, 100)), 200, 201]);
    // 7 seats: 8 no; 4 yes (3 left); 3 yes (0 left).
    expect(agenciesOf(fillSeats(people, 7))).toEqual([2, 3]);
    expect(fillSeats(people, 0)).toEqual([]);
    expect(fillSeats(people, 100).length).toBe(15);
  });
});
