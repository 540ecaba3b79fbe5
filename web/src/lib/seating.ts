/**
 * The seating plan's grid: seat n sits in row ⌊(n − 1) / columns⌋, column (n − 1) mod columns, counted from
 * the front. A seat nobody holds (a candidate moved out) stays an empty cell, so the plan matches the room.
 */
export function seatingRows<T extends { seat: number }>(
  people: readonly T[],
  columns: number,
): Array<Array<T | null>> {
  const cols = Math.max(1, Math.floor(columns));
  const last = people.reduce((m, p) => Math.max(m, p.seat), 0);
  const rows: Array<Array<T | null>> = [];
  for (let r = 0; r * cols < last; r++) {
    rows.push(Array.from({ length: cols }, () => null));
  }
  for (const p of people) {
    if (p.seat >= 1) {
      rows[Math.floor((p.seat - 1) / cols)][(p.seat - 1) % cols] = p;
    }
  }
  return rows;
}
