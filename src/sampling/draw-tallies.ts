import { AgencyDraw, DRAW_ALGORITHM_V2, DrawAlgorithm, fractionText, inclusionProbabilities } from './draw';

/**
 * The counts behind the public draw record and the campaign figures, as plain functions: the service loads the
 * rows, these tally them. No Nest, no database.
 */

export interface TallyAgency {
  code: string;
  n: number;
  k: number;
}

export interface TallyTechnician {
  id: number;
  techKey: string;
  agencyCode: string;
  discipline: string;
}

export interface TallyEntry {
  agencyCode: string;
  entryId: number;
  outcome: 'drawn' | 'substitute' | string;
}

/**
 * Each agency's line of the public draw record, in the order of `rosterCodes` (the canonical roster's agencies):
 * the keys drawn and the substitutes in entry order (`entries` sorted by position), the places per discipline
 * (every discipline the agency has, zero included, sorted by code) and, for the v2 algorithm, the inclusion
 * probability of each discipline as a fraction text.
 */
export function drawRecordAgencies(
  algorithm: DrawAlgorithm,
  rosterCodes: readonly string[],
  agencies: readonly TallyAgency[],
  technicians: readonly TallyTechnician[],
  entries: readonly TallyEntry[],
): AgencyDraw[] {
  const tech = new Map(technicians.map((t) => [t.id, t]));
  const perAgency = new Map<string, AgencyDraw>(
    rosterCodes.map((code) => [code, { code, n: 0, k: 0, allocation: {}, drawn: [], substitutes: [] }]),
  );
  for (const a of agencies) {
    Object.assign(perAgency.get(a.code)!, { n: a.n, k: a.k });
  }
  for (const t of technicians) {
    const a = perAgency.get(t.agencyCode)!;
    a.allocation[t.discipline] = 0;
  }
  for (const e of entries) {
    const a = perAgency.get(e.agencyCode)!;
    const t = tech.get(e.entryId)!;
    if (e.outcome === 'drawn') {
      a.drawn.push(t.techKey);
      a.allocation[t.discipline] += 1;
    } else {
      a.substitutes.push(t.techKey);
    }
  }
  const sizes = new Map<string, Map<string, number>>();
  for (const t of technicians) {
    const m = sizes.get(t.agencyCode) ?? new Map<string, number>();
    m.set(t.discipline, (m.get(t.discipline) ?? 0) + 1);
    sizes.set(t.agencyCode, m);
  }
  for (const a of perAgency.values()) {
    a.allocation = Object.fromEntries(Object.entries(a.allocation).sort(([x], [y]) => (x < y ? -1 : 1)));
    if (algorithm === DRAW_ALGORITHM_V2) {
      const p = inclusionProbabilities(a.k, sizes.get(a.code) ?? new Map<string, number>());
      a.inclusion = Object.fromEntries([...p].map(([d, f]) => [d, fractionText(f)]));
    }
  }
  return rosterCodes.map((code) => perAgency.get(code)!);
}

export interface FiguresAgency {
  code: string;
  name: string;
  county: string;
  n: number;
  k: number;
}

/** One group of draw entries: agency, outcome, current state, discipline and how many (a string on MariaDB). */
export interface FiguresRow {
  agencyCode: string;
  outcome: string;
  state: string;
  discipline: string;
  n: number | string;
}

export interface AgencyFigures {
  code: string;
  name: string;
  county: string;
  n: number;
  k: number;
  /** In the sample now (drawn or substituted in). */
  drawn: number;
  excused: number;
  /** Substitutes not yet called in. */
  substitutesLeft: number;
  /** Fewer in the sample than k (only once the campaign has been drawn). */
  short: boolean;
  noTechnicians: boolean;
  /** Places per discipline at the draw. */
  allocation: Record<string, number>;
}

/** The campaign figures per agency, in the order of `agencies`; rows of agencies not listed are ignored. */
export function agencyFigures(
  agencies: readonly FiguresAgency[],
  rows: readonly FiguresRow[],
): AgencyFigures[] {
  const tally = new Map<
    string,
    { inSample: number; excused: number; left: number; allocation: Record<string, number> }
  >();
  for (const a of agencies) {
    tally.set(a.code, { inSample: 0, excused: 0, left: 0, allocation: {} });
  }
  for (const r of rows) {
    const t = tally.get(r.agencyCode);
    if (!t) {
      continue;
    }
    const n = Number(r.n);
    if (r.state === 'in') {
      t.inSample += n;
    } else if (r.state === 'excused') {
      t.excused += n;
    } else if (r.outcome === 'substitute') {
      t.left += n;
    }
    if (r.outcome === 'drawn') {
      t.allocation[r.discipline] = (t.allocation[r.discipline] ?? 0) + n;
    }
  }
  return agencies.map((a) => {
    const t = tally.get(a.code)!;
    return {
      code: a.code,
      name: a.name,
      county: a.county,
      n: a.n,
      k: a.k,
      drawn: t.inSample,
      excused: t.excused,
      substitutesLeft: t.left,
      short: rows.length > 0 && t.inSample < a.k,
      noTechnicians: a.n === 0,
      allocation: t.allocation,
    };
  });
}
