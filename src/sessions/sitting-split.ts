/**
 * Placing the drawn list in sittings, keeping each agency's people together where the seats allow, so that an
 * agency sends its technicians to one room at one time (one notice, one trip).
 *
 * - `splitByAgency(people, capacities)`: the agencies' groups, largest first (ties by agency id), each go
 *   whole to the sitting with the most free seats that can take all of them; a group no sitting can take
 *   whole is spread over the sittings with the most free seats, largest first, so it is cut as few times as
 *   the seats allow. Who fits nowhere is returned as `left`.
 * - `fillSeats(people, free)`: the people for the free seats of one sitting ("安排到满"), whole agencies
 *   first (largest that fits, then the next), then part of the next agency to fill the last seats.
 *
 * Within a group people keep their order in the input (the draw's order). Pure: no Nest, no database.
 */
export interface Placeable {
  technicianId: number;
  agencyId: number;
}

interface Group<T extends Placeable> {
  agencyId: number;
  people: T[];
}

/** The agencies' groups in input order of first appearance, then sorted largest first, ties by agency id. */
export function agencyGroups<T extends Placeable>(people: readonly T[]): Array<Group<T>> {
  const byAgency = new Map<number, T[]>();
  for (const p of people) {
    const list = byAgency.get(p.agencyId);
    if (list) {
      list.push(p);
    } else {
      byAgency.set(p.agencyId, [p]);
    }
  }
  return [...byAgency.entries()]
    .map(([agencyId, list]) => ({ agencyId, people: list }))
    .sort((a, b) => b.people.length - a.people.length || a.agencyId - b.agencyId);
}

export interface SplitResult<T> {
  /** One list per capacity, in the order of `capacities`. */
  sittings: T[][];
  /** Those no sitting had a seat for. */
  left: T[];
  /** Agencies whose people ended up in more than one sitting. */
  splitAgencyIds: number[];
}

/**
 * Spreads `people` over sittings of the given capacities (seats still free), agencies kept whole where
 * possible. Every person appears exactly once, in one sitting or in `left`; no sitting gets more than its
 * capacity.
 */
export function splitByAgency<T extends Placeable>(
  people: readonly T[],
  capacities: readonly number[],
): SplitResult<T> {
  const free = capacities.map((c) => Math.max(0, Math.floor(c)));
  const sittings: T[][] = capacities.map(() => []);
  const left: T[] = [];
  const split = new Set<number>();
  /** Sitting indexes by free seats, most first; ties by index so the first sitting fills first. */
  const roomiest = (): number[] =>
    free
      .map((f, i) => ({ f, i }))
      .filter((x) => x.f > 0)
      .sort((a, b) => b.f - a.f || a.i - b.i)
      .map((x) => x.i);
  for (const g of agencyGroups(people)) {
    const whole = roomiest().find((i) => free[i] >= g.people.length);
    if (whole !== undefined) {
      sittings[whole].push(...g.people);
      free[whole] -= g.people.length;
      continue;
    }
    let rest = g.people;
    let parts = 0;
    for (const i of roomiest()) {
      if (rest.length === 0) {
        break;
      }
      const take = rest.slice(0, free[i]);
      sittings[i].push(...take);
      free[i] -= take.length;
      rest = rest.slice(take.length);
      parts++;
    }
    if (rest.length > 0) {
      left.push(...rest);
      parts++;
    }
    if (parts > 1) {
      split.add(g.agencyId);
    }
  }
  return { sittings, left, splitAgencyIds: [...split].sort((a, b) => a - b) };
}

/**
 * The people for `free` seats of one sitting: whole agencies, largest that still fit first, then the first
 * people of the largest remaining agency for the seats left over. Returns them in seating order.
 */
export function fillSeats<T extends Placeable>(people: readonly T[], free: number): T[] {
  let seats = Math.max(0, Math.floor(free));
  const chosen: T[] = [];
  const rest: Array<Group<T>> = [];
  for (const g of agencyGroups(people)) {
    if (g.people.length <= seats) {
      chosen.push(...g.people);
      seats -= g.people.length;
    } else {
      rest.push(g);
    }
  }
  for (const g of rest) {
    if (seats === 0) {
      break;
    }
    const take = g.people.slice(0, seats);
    chosen.push(...take);
    seats -= take.length;
  }
  return chosen;
}
