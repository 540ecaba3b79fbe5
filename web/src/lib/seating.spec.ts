import { seatingRows } from './seating';

describe('seatingRows', () => {
  it('puts seat n in row ⌊(n−1)/columns⌋, column (n−1) mod columns, gaps left empty', () => {
    const people = [1, 2, 3, 5, 7].map((seat) => ({ seat }));
    const rows = seatingRows(people, 3);
    expect(rows.map((r) => r.map((c) => c?.seat ?? 0))).toEqual([
      [1, 2, 3],
      [0, 5, 0],
      [7, 0, 0],
    ]);
  });

  it('no people, no rows; a silly column count is taken as at least one', () => {
    expect(seatingRows([], 6)).toEqual([]);
    expect(seatingRows([{ seat: 2 }], 0)).toEqual([[null], [{ seat: 2 }]]);
  });
});
