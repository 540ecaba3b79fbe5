import {
  AgencyDraw,
  CanonicalRoster,
  commitmentOf,
  draw,
  DRAW_ALGORITHM,
  drawSeed,
  RosterFormatError,
  rosterHash,
} from './draw';
import { pickReplacement } from './substitution';

export const DRAW_RECORD_FORMAT = 'choukao-draw-record';

/** An excusal after the draw, in the order they were recorded: who was excused and who took the place. */
export interface RecordedExcusal {
  key: string;
  /** The substitute's key, or null when the agency had nobody left (it is then short). */
  replacement: string | null;
  /** ISO-8601 UTC. */
  at: string;
}

/**
 * The public draw record: everything needed to recompute the draw. Names and ID numbers appear only masked.
 * `npm run draw:verify -- FILE` and docs/draw.md check it.
 */
export interface DrawRecord {
  format: typeof DRAW_RECORD_FORMAT;
  algorithm: typeof DRAW_ALGORITHM;
  campaign: { id: number; name: string; year: number };
  /** Decimal string, 0.5 ≤ ratio ≤ 1. */
  ratio: string;
  roster: CanonicalRoster;
  rosterHash: string;
  commitment: string;
  secret: string;
  /** Exactly as entered by the administrator. */
  entropy: string;
  seed: string;
  frozenAt: string;
  drawnAt: string;
  agencies: AgencyDraw[];
  excusals: RecordedExcusal[];
}

export type DrawVerdict =
  | { ok: true; agencies: number; technicians: number; drawn: number; excusals: number }
  | { ok: false; mismatch: string };

/**
 * Recomputes a draw record from its own inputs and reports the first thing that does not match: the roster
 * hash, the commitment, the seed, then agency by agency N, k, the allocation, the drawn keys and the
 * substitute list, and finally each excusal's replacement.
 */
export function verifyDrawRecord(input: unknown): DrawVerdict {
  const fail = (mismatch: string): DrawVerdict => ({ ok: false, mismatch });
  const r = input as Partial<DrawRecord> | null;
  if (!r || typeof r !== 'object') {
    return fail('the record is not a JSON object');
  }
  if (r.format !== DRAW_RECORD_FORMAT) {
    return fail(`format: expected "${DRAW_RECORD_FORMAT}", found ${JSON.stringify(r.format)}`);
  }
  if (r.algorithm !== DRAW_ALGORITHM) {
    return fail(`algorithm: this verifier knows "${DRAW_ALGORITHM}", found ${JSON.stringify(r.algorithm)}`);
  }
  for (const f of ['ratio', 'rosterHash', 'commitment', 'secret', 'entropy', 'seed'] as const) {
    if (typeof r[f] !== 'string') {
      return fail(`${f}: missing or not a string`);
    }
  }
  if (!r.roster || !Array.isArray(r.roster.agencies) || !Array.isArray(r.roster.technicians)) {
    return fail('roster: missing agencies or technicians');
  }
  if (!Array.isArray(r.agencies)) {
    return fail('agencies: missing');
  }
  const rec = r as DrawRecord;
  let hash: string;
  let computed: AgencyDraw[];
  try {
    hash = rosterHash(rec.roster);
    if (hash !== rec.rosterHash) {
      return fail(`rosterHash: the roster hashes to ${hash}, the record says ${rec.rosterHash}`);
    }
    const commitment = commitmentOf(rec.secret);
    if (commitment !== rec.commitment) {
      return fail(`commitment: SHA-256 of the secret is ${commitment}, the record says ${rec.commitment}`);
    }
    const seed = drawSeed(rec.secret, rec.entropy, hash);
    if (seed !== rec.seed) {
      return fail(`seed: recomputed ${seed}, the record says ${rec.seed}`);
    }
    computed = draw(rec.roster, rec.ratio, seed);
  } catch (err) {
    if (err instanceof RosterFormatError) {
      return fail(err.message);
    }
    throw err;
  }
  if (computed.length !== rec.agencies.length) {
    return fail(
      `agencies: the roster has ${computed.length} agencies, the results list ${rec.agencies.length}`,
    );
  }
  let drawnTotal = 0;
  for (let i = 0; i < computed.length; i++) {
    const want = computed[i];
    const got = rec.agencies[i] as Partial<AgencyDraw> | undefined;
    const at = `agencies[${i}] (${want.code})`;
    if (!got || got.code !== want.code) {
      return fail(`${at}: code is ${JSON.stringify(got?.code)}, expected ${want.code}`);
    }
    if (got.n !== want.n) {
      return fail(`${at}: N is ${got.n}, expected ${want.n}`);
    }
    if (got.k !== want.k) {
      return fail(`${at}: k is ${got.k}, expected ${want.k}`);
    }
    if (JSON.stringify(sorted(got.allocation)) !== JSON.stringify(sorted(want.allocation))) {
      return fail(
        `${at}: allocation is ${JSON.stringify(got.allocation)}, expected ${JSON.stringify(want.allocation)}`,
      );
    }
    const listMismatch =
      compareLists(`${at}: drawn`, got.drawn, want.drawn) ??
      compareLists(`${at}: substitutes`, got.substitutes, want.substitutes);
    if (listMismatch) {
      return fail(listMismatch);
    }
    drawnTotal += want.drawn.length;
  }
  const excusalMismatch = replayExcusals(rec, computed);
  if (excusalMismatch) {
    return fail(excusalMismatch);
  }
  return {
    ok: true,
    agencies: computed.length,
    technicians: rec.roster.technicians.length,
    drawn: drawnTotal,
    excusals: (rec.excusals ?? []).length,
  };
}

function sorted(o: Record<string, number> | undefined): Array<[string, number]> {
  return Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function compareLists(what: string, got: unknown, want: string[]): string | null {
  if (!Array.isArray(got)) {
    return `${what}: missing`;
  }
  for (let j = 0; j < Math.max(got.length, want.length); j++) {
    if (got[j] !== want[j]) {
      return `${what}[${j}] is ${JSON.stringify(got[j] ?? null)}, expected ${JSON.stringify(want[j] ?? null)}`;
    }
  }
  return null;
}

/** Replays the excusals: each excused key must be in the sample, and its replacement must follow the rule. */
function replayExcusals(rec: DrawRecord, computed: AgencyDraw[]): string | null {
  const excusals = rec.excusals ?? [];
  if (!Array.isArray(excusals)) {
    return 'excusals: not a list';
  }
  const disciplineOf = new Map(rec.roster.technicians.map((t) => [t.key, t.discipline]));
  const agencyOf = new Map(rec.roster.technicians.map((t) => [t.key, t.agencyCode]));
  const byCode = new Map(computed.map((a) => [a.code, a]));
  const inSample = new Set(computed.flatMap((a) => a.drawn));
  const unavailable = new Set<string>();
  for (let i = 0; i < excusals.length; i++) {
    const e = excusals[i];
    const at = `excusals[${i}] (${e?.key})`;
    if (!e || !inSample.has(e.key)) {
      return `${at}: not in the sample when excused`;
    }
    const agency = byCode.get(agencyOf.get(e.key)!)!;
    const candidates = agency.substitutes.map((key) => ({ key, discipline: disciplineOf.get(key)! }));
    const expected = pickReplacement(candidates, unavailable, disciplineOf.get(e.key)!);
    if ((e.replacement ?? null) !== expected) {
      return `${at}: replacement is ${JSON.stringify(e.replacement ?? null)}, expected ${JSON.stringify(expected)}`;
    }
    inSample.delete(e.key);
    unavailable.add(e.key);
    if (expected) {
      inSample.add(expected);
      unavailable.add(expected);
    }
  }
  return null;
}
