import {
  AgencyDraw,
  CanonicalRoster,
  commitmentOf,
  draw,
  DRAW_ALGORITHM_V2,
  DRAW_ALGORITHMS,
  DrawAlgorithm,
  drawSeed,
  isDrawAlgorithm,
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
  /** The algorithm the draw used; the verifier dispatches on it (every algorithm stays verifiable). */
  algorithm: DrawAlgorithm;
  campaign: { id: number; name: string; year: number };
  /** Decimal string, 0.5 ≤ ratio ≤ 1. */
  ratio: string;
  /**
   * Whether only full-time (专职) technicians were eligible, i.e. counted in N and copied into the roster
   * (informative: the roster shows who was eligible, not who was left out).
   */
  fullTimeOnly?: boolean;
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
  /**
   * The audit chain's row recording this draw ("<seq>:<hash>"): a copy kept by the public, later checked with
   * `npm run audit:verify -- --anchor <seq>:<hash>`. Not part of the draw's verification.
   */
  auditHead?: string | null;
}

/** One roster hash and commitment as published (GET /api/public/campaigns/:id lists every one, in order). */
export interface PublishedCommitment {
  rosterHash: string;
  commitment: string;
  /** ISO-8601 UTC: when the values became public (the freeze). */
  publishedAt: string;
}

/** Which published values the record was held against: the last published before the draw. */
export interface PublishedMatch {
  publishedAt: string;
  /** 1-based position in the published list. */
  position: number;
  /** How many values the list holds (more than one: the roster was frozen again). */
  count: number;
}

export type DrawVerdict =
  | {
      ok: true;
      agencies: number;
      technicians: number;
      drawn: number;
      excusals: number;
      /** Present when published values were given. */
      published?: PublishedMatch;
    }
  | { ok: false; mismatch: string };

/**
 * The published values from what the public campaign endpoint serves (or a copy kept at freezing): its
 * `commitments` list, or, from a server that did not keep a history, its single `rosterHash`, `commitment` and
 * `frozenAt`. Throws RosterFormatError when neither is there.
 */
export function publishedCommitments(input: unknown): PublishedCommitment[] {
  const o = input as {
    commitments?: unknown;
    rosterHash?: unknown;
    commitment?: unknown;
    frozenAt?: unknown;
  } | null;
  const valid = (c: Partial<PublishedCommitment> | null): c is PublishedCommitment =>
    !!c &&
    typeof c.rosterHash === 'string' &&
    typeof c.commitment === 'string' &&
    typeof c.publishedAt === 'string';
  if (o && Array.isArray(o.commitments)) {
    const list = o.commitments as Array<Partial<PublishedCommitment> | null>;
    if (list.length === 0 || !list.every(valid)) {
      throw new RosterFormatError(
        'published values: "commitments" must list { rosterHash, commitment, publishedAt } objects',
      );
    }
    return list.map((c) => ({
      rosterHash: c.rosterHash,
      commitment: c.commitment,
      publishedAt: c.publishedAt,
    }));
  }
  const single = o ? { rosterHash: o.rosterHash, commitment: o.commitment, publishedAt: o.frozenAt } : null;
  if (valid(single as Partial<PublishedCommitment>)) {
    return [single as PublishedCommitment];
  }
  throw new RosterFormatError(
    'published values: expected the JSON of GET /api/public/campaigns/:id (with "commitments")',
  );
}

/**
 * The values published at freezing: the last of the published list made public before the draw (all of
 * them when the record's drawnAt cannot be read). Null when nothing was published before the draw.
 */
export function valuesAtFreezing(
  published: readonly PublishedCommitment[],
  drawnAt: string | undefined,
): (PublishedCommitment & { position: number }) | null {
  const drawn = typeof drawnAt === 'string' ? Date.parse(drawnAt) : NaN;
  let found: (PublishedCommitment & { position: number }) | null = null;
  published.forEach((c, i) => {
    const at = Date.parse(c.publishedAt);
    if (Number.isNaN(drawn) || (!Number.isNaN(at) && at <= drawn)) {
      found = { ...c, position: i + 1 };
    }
  });
  return found;
}

/**
 * Recomputes a draw record from its own inputs and reports the first thing that does not match: the roster
 * hash, the commitment, the seed, then agency by agency N, k, the allocation, the drawn keys, the
 * substitute list and (v2) the inclusion probabilities, and finally each excusal's replacement.
 *
 * With `published` (the values published at freezing, kept by the verifier or fetched from the public
 * endpoint), the roster hash and the commitment must also equal the last values published before the draw:
 * without that check a forger who recomputes everything consistently (a new secret, an edited roster) passes.
 */
export function verifyDrawRecord(input: unknown, published?: readonly PublishedCommitment[]): DrawVerdict {
  const fail = (mismatch: string): DrawVerdict => ({ ok: false, mismatch });
  const r = input as Partial<DrawRecord> | null;
  if (!r || typeof r !== 'object') {
    return fail('the record is not a JSON object');
  }
  if (r.format !== DRAW_RECORD_FORMAT) {
    return fail(`format: expected "${DRAW_RECORD_FORMAT}", found ${JSON.stringify(r.format)}`);
  }
  if (!isDrawAlgorithm(r.algorithm)) {
    return fail(
      `algorithm: this verifier knows ${DRAW_ALGORITHMS.map((a) => `"${a}"`).join(', ')}, found ${JSON.stringify(r.algorithm)}`,
    );
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
  let match: PublishedMatch | undefined;
  try {
    const atFreezing = published ? valuesAtFreezing(published, rec.drawnAt) : null;
    if (published && !atFreezing) {
      return fail(`published values: none was published before the draw (${String(rec.drawnAt)})`);
    }
    const when = atFreezing
      ? `the value published at freezing (${atFreezing.publishedAt}, ${atFreezing.position} of ${published!.length})`
      : '';
    hash = rosterHash(rec.roster);
    if (hash !== rec.rosterHash) {
      return fail(`rosterHash: the roster hashes to ${hash}, the record says ${rec.rosterHash}`);
    }
    if (atFreezing && hash !== atFreezing.rosterHash) {
      return fail(`rosterHash: the record's ${hash} differs from ${when}: ${atFreezing.rosterHash}`);
    }
    const commitment = commitmentOf(rec.secret);
    if (commitment !== rec.commitment) {
      return fail(`commitment: SHA-256 of the secret is ${commitment}, the record says ${rec.commitment}`);
    }
    if (atFreezing && commitment !== atFreezing.commitment) {
      return fail(`commitment: the record's ${commitment} differs from ${when}: ${atFreezing.commitment}`);
    }
    if (atFreezing) {
      match = {
        publishedAt: atFreezing.publishedAt,
        position: atFreezing.position,
        count: published!.length,
      };
    }
    const seed = drawSeed(rec.secret, rec.entropy, hash);
    if (seed !== rec.seed) {
      return fail(`seed: recomputed ${seed}, the record says ${rec.seed}`);
    }
    computed = draw(rec.roster, rec.ratio, seed, rec.algorithm);
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
    if (
      rec.algorithm === DRAW_ALGORITHM_V2 &&
      JSON.stringify(sorted(got.inclusion)) !== JSON.stringify(sorted(want.inclusion))
    ) {
      return fail(
        `${at}: inclusion is ${JSON.stringify(got.inclusion)}, expected ${JSON.stringify(want.inclusion)}`,
      );
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
    ...(match ? { published: match } : {}),
  };
}

function sorted<T>(o: Record<string, T> | undefined): Array<[string, T]> {
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
