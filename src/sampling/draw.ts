import { createHash, createHmac } from 'node:crypto';

/**
 * The verifiable draw (docs/draw.md states the same procedure for people who redo it in another language).
 * Everything hashed is a UTF-8 string; every hash is written as lowercase hex.
 *
 *   roster hash = SHA-256(canonical roster text)
 *   commitment  = SHA-256(secret)                       secret: 64 lowercase hex characters
 *   seed        = SHA-256(secret + "\n" + entropy + "\n" + roster hash)
 *   rank(t)     = HMAC-SHA256(key = seed, message = t's key)
 *   per agency: k = ceil(ratio × N); each discipline d first gets f_d = floor(k × n_d / N) places, given to
 *   its lowest ranks; the places left (L = k − Σ f_d) go
 *     v1: one each to the largest remainders k × n_d mod N (ties: the lower rank of the next technician);
 *     v2: one each to the L best-ranked "runners-up" (each discipline's best technician not yet drawn), so
 *         nobody's chance is 0 or 1 unless k = 0 or k = N;
 *   the rest of the agency, by rank, is the substitute list.
 */
export const DRAW_ALGORITHM_V1 = 'choukao-draw-v1';
export const DRAW_ALGORITHM_V2 = 'choukao-draw-v2';
export type DrawAlgorithm = typeof DRAW_ALGORITHM_V1 | typeof DRAW_ALGORITHM_V2;
/** Every algorithm a record may name; each stays verifiable forever. */
export const DRAW_ALGORITHMS: readonly DrawAlgorithm[] = [DRAW_ALGORITHM_V1, DRAW_ALGORITHM_V2];
/** The algorithm of new campaigns (a campaign setting). */
export const DRAW_ALGORITHM: DrawAlgorithm = DRAW_ALGORITHM_V2;
export const ROSTER_FORMAT = 'choukao-roster-v1';

export function isDrawAlgorithm(x: unknown): x is DrawAlgorithm {
  return DRAW_ALGORITHMS.includes(x as DrawAlgorithm);
}

export interface RosterAgency {
  /** 统一社会信用代码. */
  code: string;
  name: string;
  county: string;
}

export interface RosterTechnician {
  /** The technician's key in this snapshot: `<agency code>-<4-digit ordinal>`. */
  key: string;
  agencyCode: string;
  /** Discipline code. */
  discipline: string;
  /** Masked name (张*三). */
  name: string;
  /** Masked ID number (first 2 and last 3 characters). */
  idNumber: string;
}

/** A frozen roster in canonical order: agencies by code, technicians by key. */
export interface CanonicalRoster {
  agencies: RosterAgency[];
  technicians: RosterTechnician[];
}

export interface AgencyDraw {
  code: string;
  /** Technicians in the snapshot. */
  n: number;
  /** ceil(ratio × n). */
  k: number;
  /** Places per discipline code (disciplines of the agency, sorted by code; zero places listed too). */
  allocation: Record<string, number>;
  /** Keys drawn, by rank (lowest first). */
  drawn: string[];
  /** The ordered substitute list: the agency's other keys, by rank. */
  substitutes: string[];
  /**
   * v2 only: each discipline's exact inclusion probability ("num/den", reduced), the same for every technician
   * of the discipline; computed from N, k and the discipline sizes alone (inclusionProbabilities).
   */
  inclusion?: Record<string, string>;
}

export class RosterFormatError extends Error {}

const FORBIDDEN = /[\t\n\r]/;
const ASCII_TOKEN = /^[\x21-\x7e]+$/;

/**
 * The canonical text of a roster: a header line, one line per agency, one line per technician, fields
 * separated by TAB, every line (the last too) ended by LF. Throws when the roster is not in canonical order
 * or a field could not be written unambiguously.
 */
export function canonicalRosterText(roster: CanonicalRoster): string {
  const lines: string[] = [ROSTER_FORMAT];
  const codes = new Set<string>();
  let previous = '';
  for (const a of roster.agencies) {
    assertField(a.code, 'agency code', true);
    assertField(a.name, 'agency name', false);
    assertField(a.county, 'agency county', false);
    if (codes.size > 0 && !(previous < a.code)) {
      throw new RosterFormatError(`agencies are not in ascending code order at ${a.code}`);
    }
    codes.add(a.code);
    previous = a.code;
    lines.push(['A', a.code, a.name, a.county].join('\t'));
  }
  previous = '';
  let first = true;
  for (const t of roster.technicians) {
    assertField(t.key, 'technician key', true);
    assertField(t.agencyCode, 'technician agency code', true);
    assertField(t.discipline, 'discipline', true);
    assertField(t.name, 'technician name', false);
    assertField(t.idNumber, 'technician ID number', false);
    if (!codes.has(t.agencyCode)) {
      throw new RosterFormatError(
        `technician ${t.key} refers to an agency not in the roster: ${t.agencyCode}`,
      );
    }
    if (!first && !(previous < t.key)) {
      throw new RosterFormatError(`technicians are not in ascending key order at ${t.key}`);
    }
    first = false;
    previous = t.key;
    lines.push(['T', t.key, t.agencyCode, t.discipline, t.name, t.idNumber].join('\t'));
  }
  return lines.join('\n') + '\n';
}

function assertField(v: string, what: string, token: boolean): void {
  if (typeof v !== 'string' || v === '') {
    throw new RosterFormatError(`${what} is empty`);
  }
  if (token ? !ASCII_TOKEN.test(v) : FORBIDDEN.test(v)) {
    throw new RosterFormatError(
      `${what} has a character the canonical form cannot hold: ${JSON.stringify(v)}`,
    );
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of the canonical roster text. */
export function rosterHash(roster: CanonicalRoster): string {
  return sha256Hex(canonicalRosterText(roster));
}

/** The commitment published at freezing: SHA-256 of the secret's 64 hex characters. */
export function commitmentOf(secretHex: string): string {
  assertHex64(secretHex, 'secret');
  return sha256Hex(secretHex);
}

/** seed = SHA-256(secret ‖ LF ‖ entropy ‖ LF ‖ roster hash); the entropy is used exactly as entered. */
export function drawSeed(secretHex: string, entropy: string, rosterHashHex: string): string {
  assertHex64(secretHex, 'secret');
  assertHex64(rosterHashHex, 'roster hash');
  return sha256Hex(`${secretHex}\n${entropy}\n${rosterHashHex}`);
}

/**
 * Why an entropy cannot be used, or null. The seed hashes the entropy's UTF-8 bytes, and the record publishes
 * the stored text: an unpaired UTF-16 surrogate has no UTF-8 form (encoders and databases turn it into U+FFFD),
 * so the published entropy would not give the seed and the genuine record would fail every verifier. A blank
 * entropy (only white space or invisible format characters) is no public randomness at all.
 */
export function entropyProblem(entropy: string): string | null {
  if (typeof entropy !== 'string') {
    return 'entropy 须为文本';
  }
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(entropy);
  if (lone) {
    return `公开随机数第 ${lone.index + 1} 个 UTF-16 单元是不成对的代理项（U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}），无法按 UTF-8 原样记录和公开；请重新输入`;
  }
  if (!/[^\s\p{Cf}]/u.test(entropy)) {
    return '公开随机数不能为空或只含空白字符';
  }
  return null;
}

/** A technician's rank: HMAC-SHA256 keyed with the seed's 64 hex characters, over the technician key. */
export function technicianRank(seedHex: string, key: string): string {
  return ranker(seedHex)(key);
}

/** technicianRank with the seed bound once (the HMAC key bytes are computed a single time). */
export function ranker(seedHex: string): (key: string) => string {
  const hmacKey = Buffer.from(seedHex, 'utf8');
  return (key) => createHmac('sha256', hmacKey).update(key, 'utf8').digest('hex');
}

function assertHex64(v: string, what: string): void {
  if (!/^[0-9a-f]{64}$/.test(v)) {
    throw new RosterFormatError(`${what} must be 64 lowercase hex characters`);
  }
}

/** A ratio written as a decimal ("0.5", "0.65", "1"): at most 4 decimals, 0.5 ≤ ratio ≤ 1. */
export const RATIO_PATTERN = /^(0\.\d{1,4}|1(\.0{1,4})?)$/;

/** The ratio as an exact fraction num/den (den a power of ten), so that k never suffers rounding. */
export function parseRatio(ratio: string): { num: number; den: number } {
  if (!RATIO_PATTERN.test(ratio)) {
    throw new RosterFormatError(
      `ratio must be a decimal between 0.5 and 1 with at most 4 decimals: ${ratio}`,
    );
  }
  const [whole, frac = ''] = ratio.split('.');
  const den = 10 ** frac.length;
  const num = Number(whole) * den + (frac === '' ? 0 : Number(frac));
  if (num * 2 < den || num > den) {
    throw new RosterFormatError(`ratio must be between 0.5 and 1: ${ratio}`);
  }
  return { num, den };
}

/** k = ceil(ratio × n), in integers. */
export function sampleSize(n: number, ratio: string): number {
  const { num, den } = parseRatio(ratio);
  return Math.floor((n * num + den - 1) / den);
}

interface Ranked {
  key: string;
  discipline: string;
  rank: string;
}

const byRank = (a: Ranked, b: Ranked): number =>
  a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * Shares k places among disciplines in proportion to their sizes by largest remainder. Each discipline
 * first gets floor(k × n_d / N); the places left go one each to the largest remainders (k × n_d mod N).
 * Tie rule: between equal remainders, the discipline whose best not-yet-placed technician has the lower
 * rank goes first (then the lower discipline code, which only matters if two ranks were equal).
 * `members` holds each discipline's technicians in rank order.
 */
export function allocate(k: number, members: ReadonlyMap<string, readonly Ranked[]>): Map<string, number> {
  const n = [...members.values()].reduce((s, m) => s + m.length, 0);
  const codes = [...members.keys()].sort();
  const out = new Map<string, number>(codes.map((c) => [c, 0]));
  if (k === 0 || n === 0) {
    return out;
  }
  const rem = new Map<string, number>();
  let given = 0;
  for (const c of codes) {
    const q = k * members.get(c)!.length;
    out.set(c, Math.floor(q / n));
    rem.set(c, q % n);
    given += Math.floor(q / n);
  }
  const contenders = codes
    .filter((c) => rem.get(c)! > 0)
    .sort((a, b) => {
      const d = rem.get(b)! - rem.get(a)!;
      if (d !== 0) {
        return d;
      }
      const ra = members.get(a)![out.get(a)!].rank;
      const rb = members.get(b)![out.get(b)!].rank;
      return ra < rb ? -1 : ra > rb ? 1 : a < b ? -1 : 1;
    });
  for (const c of contenders.slice(0, k - given)) {
    out.set(c, out.get(c)! + 1);
  }
  return out;
}

/**
 * v2: every discipline first gets its floor f_d = floor(k × n_d / N), given to its lowest ranks; each
 * discipline with a technician left offers its best-ranked undrawn one (M_d[f_d], its "runner-up"); the
 * L = k − Σ f_d best-ranked runners-up are drawn too (at most one extra per discipline). Since each remainder
 * k × n_d / N − f_d is below 1, L is smaller than the number of runners-up whenever k < N: the agency's worst
 * rank is never drawn and its best always is, so nobody's chance is 0 or 1 unless k = 0 or k = N.
 * `members` holds each discipline's technicians in rank order.
 */
export function allocateV2(k: number, members: ReadonlyMap<string, readonly Ranked[]>): Map<string, number> {
  const n = [...members.values()].reduce((s, m) => s + m.length, 0);
  const codes = [...members.keys()].sort();
  const out = new Map<string, number>(codes.map((c) => [c, 0]));
  if (k === 0 || n === 0) {
    return out;
  }
  let left = k;
  for (const c of codes) {
    const f = Math.floor((k * members.get(c)!.length) / n);
    out.set(c, f);
    left -= f;
  }
  const runnersUp = codes
    .filter((c) => out.get(c)! < members.get(c)!.length)
    .map((c) => ({ c, t: members.get(c)![out.get(c)!] }))
    .sort((a, b) => byRank(a.t, b.t));
  for (const { c } of runnersUp.slice(0, left)) {
    out.set(c, out.get(c)! + 1);
  }
  return out;
}

/** An exact probability, reduced. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

export function fractionText(f: Fraction): string {
  return `${f.num}/${f.den}`;
}

function reduce(num: bigint, den: bigint): Fraction {
  let a = num < 0n ? -num : num;
  let b = den;
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return { num: num / a, den: den / a };
}

/**
 * v2's exact inclusion probability of a technician of each discipline, given N = Σ n_d and k; the ranks are a
 * uniformly random order of the agency (HMAC-SHA256 outputs), so only the sizes matter.
 *
 * A technician of discipline d is drawn with probability f_d / n_d within the floors, plus the chance of being
 * d's runner-up (the (f_d+1)-th of d) while fewer than L other runners-up rank better. Ranks are modelled as
 * independent uniform values on [0, 1]; given the technician's value u, d's other members fall below u
 * independently with probability u, and discipline e's runner-up ranks better iff at least f_e + 1 of e's n_e
 * members fall below u. So
 *
 *   P_extra = ∫₀¹ C(n_d−1, f_d) u^f_d (1−u)^(n_d−1−f_d) · P(fewer than L of the other runners-up below u) du,
 *
 * where P(e's runner-up below u) = Σ_{j>f_e} C(n_e, j) u^j (1−u)^(n_e−j) and the rest Σ_{j≤f_e}. The integrand
 * is a sum of terms W_a · u^a (1−u)^(N−1−a) with non-negative integer W_a (a: how many others rank better),
 * collected by a dynamic programme over the other disciplines and over the count c < L of better runners-up;
 * ∫ u^a (1−u)^(N−1−a) du = a! (N−1−a)! / N!. Exact in integers (BigInt), no sampling.
 *
 * `sizes`: n_d per discipline code (each ≥ 1). Returns the probability per discipline; Σ n_d · p_d = k.
 */
export function inclusionProbabilities(k: number, sizes: ReadonlyMap<string, number>): Map<string, Fraction> {
  const codes = [...sizes.keys()].sort();
  // The public record recomputes this on every request; agencies of one shape share the result.
  const shape = `${k}|${codes.map((c) => `${c}=${sizes.get(c)}`).join(',')}`;
  const cached = inclusionCache.get(shape);
  if (cached) {
    return new Map(cached);
  }
  const out = computeInclusion(k, codes, sizes);
  if (inclusionCache.size >= INCLUSION_CACHE_SIZE) {
    inclusionCache.delete(inclusionCache.keys().next().value!);
  }
  inclusionCache.set(shape, out);
  return new Map(out);
}

const INCLUSION_CACHE_SIZE = 4096;
const inclusionCache = new Map<string, ReadonlyMap<string, Fraction>>();

function computeInclusion(
  k: number,
  codes: readonly string[],
  sizes: ReadonlyMap<string, number>,
): Map<string, Fraction> {
  const n = codes.reduce((s, c) => s + sizes.get(c)!, 0);
  const out = new Map<string, Fraction>();
  if (n === 0) {
    return out;
  }
  const floor = new Map(codes.map((c) => [c, Math.floor((k * sizes.get(c)!) / n)]));
  const left = k - codes.reduce((s, c) => s + floor.get(c)!, 0);
  const fact: bigint[] = [1n];
  for (let i = 1; i <= n; i++) {
    fact.push(fact[i - 1] * BigInt(i));
  }
  const binom = (a: number, b: number): bigint => (b < 0 || b > a ? 0n : fact[a] / (fact[b] * fact[a - b]));
  const memo = new Map<string, Fraction>();
  for (const d of codes) {
    const nd = sizes.get(d)!;
    const fd = floor.get(d)!;
    const signature = `${nd}/${fd}`;
    const known = memo.get(signature);
    if (known) {
      out.set(d, known);
      continue;
    }
    let num = BigInt(fd) * fact[n];
    if (fd < nd && left > 0) {
      // state[c][a]: weight of "c other runners-up rank better, a others rank better" (c < left only).
      let state: bigint[][] = Array.from({ length: left }, () => new Array<bigint>(n).fill(0n));
      state[0][fd] = binom(nd - 1, fd);
      let seen = nd - 1;
      for (const e of codes) {
        if (e === d) {
          continue;
        }
        const ne = sizes.get(e)!;
        const fe = floor.get(e)!;
        const next = Array.from({ length: left }, () => new Array<bigint>(n).fill(0n));
        for (let c = 0; c < left; c++) {
          for (let a = 0; a <= seen; a++) {
            const w = state[c][a];
            if (w === 0n) {
              continue;
            }
            for (let j = 0; j <= ne; j++) {
              const below = fe < ne && j > fe;
              const to = below ? c + 1 : c;
              if (to < left) {
                next[to][a + j] += w * binom(ne, j);
              }
            }
          }
        }
        state = next;
        seen += ne;
      }
      // P_extra = Σ W_a a! (N−1−a)! / N!; the floor's f_d / n_d is added over the common denominator n_d · N!.
      let extra = 0n;
      for (let c = 0; c < left; c++) {
        for (let a = 0; a < n; a++) {
          extra += state[c][a] * fact[a] * fact[n - 1 - a];
        }
      }
      num += extra * BigInt(nd);
    }
    const p = reduce(num, BigInt(nd) * fact[n]);
    memo.set(signature, p);
    out.set(d, p);
  }
  return out;
}

/**
 * Draws every agency of a canonical roster (in the roster's agency order) with the named algorithm (v1 when
 * omitted: a record names its algorithm and old callers meant v1). Pure and deterministic: the same roster,
 * ratio and seed always give the same result.
 */
export function draw(
  roster: CanonicalRoster,
  ratio: string,
  seedHex: string,
  algorithm: DrawAlgorithm = DRAW_ALGORITHM_V1,
): AgencyDraw[] {
  assertHex64(seedHex, 'seed');
  parseRatio(ratio);
  if (!isDrawAlgorithm(algorithm)) {
    throw new RosterFormatError(`unknown draw algorithm: ${String(algorithm)}`);
  }
  const byAgency = new Map<string, Ranked[]>(roster.agencies.map((a) => [a.code, []]));
  const rank = ranker(seedHex);
  for (const t of roster.technicians) {
    const list = byAgency.get(t.agencyCode);
    if (!list) {
      throw new RosterFormatError(
        `technician ${t.key} refers to an agency not in the roster: ${t.agencyCode}`,
      );
    }
    list.push({ key: t.key, discipline: t.discipline, rank: rank(t.key) });
  }
  return roster.agencies.map((a) => drawAgency(a.code, byAgency.get(a.code)!, ratio, algorithm));
}

function drawAgency(
  code: string,
  technicians: Ranked[],
  ratio: string,
  algorithm: DrawAlgorithm,
): AgencyDraw {
  const ranked = [...technicians].sort(byRank);
  const k = sampleSize(ranked.length, ratio);
  const members = new Map<string, Ranked[]>();
  for (const t of ranked) {
    const list = members.get(t.discipline) ?? [];
    list.push(t);
    members.set(t.discipline, list);
  }
  let allocation: Map<string, number>;
  switch (algorithm) {
    case DRAW_ALGORITHM_V1:
      allocation = allocate(k, members);
      break;
    case DRAW_ALGORITHM_V2:
      allocation = allocateV2(k, members);
      break;
  }
  const drawnKeys = new Set<string>();
  for (const [discipline, places] of allocation) {
    for (const t of members.get(discipline)!.slice(0, places)) {
      drawnKeys.add(t.key);
    }
  }
  const result: AgencyDraw = {
    code,
    n: ranked.length,
    k,
    allocation: Object.fromEntries(allocation),
    drawn: ranked.filter((t) => drawnKeys.has(t.key)).map((t) => t.key),
    substitutes: ranked.filter((t) => !drawnKeys.has(t.key)).map((t) => t.key),
  };
  if (algorithm === DRAW_ALGORITHM_V2) {
    const sizes = new Map([...members].map(([d, m]) => [d, m.length]));
    result.inclusion = Object.fromEntries(
      [...inclusionProbabilities(k, sizes)].map(([d, p]) => [d, fractionText(p)]),
    );
  }
  return result;
}
