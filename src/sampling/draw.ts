import { createHash, createHmac } from 'node:crypto';

/**
 * The verifiable draw (docs/draw.md states the same procedure for people who redo it in another language).
 * Everything hashed is a UTF-8 string; every hash is written as lowercase hex.
 *
 *   roster hash = SHA-256(canonical roster text)
 *   commitment  = SHA-256(secret)                       secret: 64 lowercase hex characters
 *   seed        = SHA-256(secret + "\n" + entropy + "\n" + roster hash)
 *   rank(t)     = HMAC-SHA256(key = seed, message = t's key)
 *   per agency: k = ceil(ratio × N); places shared across disciplines by largest remainder; within a
 *   discipline the lowest ranks are drawn; the rest of the agency, by rank, is the substitute list.
 */
export const DRAW_ALGORITHM = 'choukao-draw-v1';
export const ROSTER_FORMAT = 'choukao-roster-v1';

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
 * Draws every agency of a canonical roster (in the roster's agency order). Pure and deterministic: the same
 * roster, ratio and seed always give the same result.
 */
export function draw(roster: CanonicalRoster, ratio: string, seedHex: string): AgencyDraw[] {
  assertHex64(seedHex, 'seed');
  parseRatio(ratio);
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
  return roster.agencies.map((a) => drawAgency(a.code, byAgency.get(a.code)!, ratio));
}

function drawAgency(code: string, technicians: Ranked[], ratio: string): AgencyDraw {
  const ranked = [...technicians].sort(byRank);
  const k = sampleSize(ranked.length, ratio);
  const members = new Map<string, Ranked[]>();
  for (const t of ranked) {
    const list = members.get(t.discipline) ?? [];
    list.push(t);
    members.set(t.discipline, list);
  }
  const allocation = allocate(k, members);
  const drawnKeys = new Set<string>();
  for (const [discipline, places] of allocation) {
    for (const t of members.get(discipline)!.slice(0, places)) {
      drawnKeys.add(t.key);
    }
  }
  return {
    code,
    n: ranked.length,
    k,
    allocation: Object.fromEntries(allocation),
    drawn: ranked.filter((t) => drawnKeys.has(t.key)).map((t) => t.key),
    substitutes: ranked.filter((t) => !drawnKeys.has(t.key)).map((t) => t.key),
  };
}
