import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The audit chain.
 *
 *   message(row)  = prev_hash ‖ "\n" ‖ seq ‖ "\n" ‖ at ‖ "\n" ‖ actor ‖ "\n" ‖ action ‖ "\n" ‖ target ‖ "\n" ‖ details
 *   hash(row)     = HMAC-SHA256(AUDIT_KEY, message(row))      alg "hmac-sha256" (every row written now)
 *                 = SHA-256(message(row))                     alg "sha256" (rows written before the key existed)
 *   prev_hash(1)  = 64 zeros; prev_hash(n) = hash(n − 1)
 *
 * A keyed chain cannot be re-hashed by someone who can write to the database but does not hold the key, which
 * lives outside it. Unkeyed rows may only form a prefix (older rows): a keyed row is never followed by an
 * unkeyed one, and the newest row must be keyed, so a chain rewritten with plain SHA-256 does not verify.
 * Removing the newest rows is detected against the audit_head row, and, when the attacker also rewrote that
 * row, only against a copy of the head kept outside the database (an anchor: seq and hash printed on the
 * published draw records and notices, or noted by the operator) — see verifyChain's `anchors`.
 */

/** The hash that precedes the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditAlgorithm = 'sha256' | 'hmac-sha256';

export interface AuditContent {
  seq: number;
  /** ISO-8601 UTC with milliseconds. */
  at: string;
  actor: string;
  action: string;
  target: string;
  /** Canonical JSON (see canonicalJson). */
  details: string;
}

/** JSON with object keys sorted at every level, so the same value always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function message(prevHash: string, c: AuditContent): string {
  return [prevHash, String(c.seq), c.at, c.actor, c.action, c.target, c.details].join('\n');
}

/** SHA-256 (hex) of the previous hash and this row's content: the unkeyed rows of before the key. */
export function chainHash(prevHash: string, c: AuditContent): string {
  return createHash('sha256').update(message(prevHash, c), 'utf8').digest('hex');
}

/** HMAC-SHA256 (hex) of the previous hash and this row's content under the audit key. */
export function keyedChainHash(key: Buffer, prevHash: string, c: AuditContent): string {
  return createHmac('sha256', key).update(message(prevHash, c), 'utf8').digest('hex');
}

/** The hash of a row by its algorithm. */
export function rowHash(alg: AuditAlgorithm, key: Buffer, prevHash: string, c: AuditContent): string {
  switch (alg) {
    case 'sha256':
      return chainHash(prevHash, c);
    case 'hmac-sha256':
      return keyedChainHash(key, prevHash, c);
  }
}

export interface StoredAuditRow extends AuditContent {
  prevHash: string;
  hash: string;
  alg: AuditAlgorithm;
}

/** A position of the chain: its seq and hash (the head, or an anchor copied from a published document). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

/**
 * How a chain position is printed on public documents: "<seq>:<hash>", the hash in groups of 8 hex digits
 * separated by spaces, easier to copy by hand from paper.
 */
export function formatAnchor(p: ChainPoint): string {
  return `${p.seq}:${(p.hash.match(/.{1,8}/g) ?? []).join(' ')}`;
}

/** Parses "<seq>:<hash>" as printed on published documents (spaces inside the hash ignored). */
export function parseAnchor(text: string): ChainPoint {
  const m = /^\s*(\d+)\s*:\s*([0-9a-fA-F ]+?)\s*$/.exec(text);
  const hash = m ? m[2].replace(/ /g, '') : '';
  if (!m || !/^[0-9a-fA-F]{64}$/.test(hash)) {
    throw new Error(`anchor must look like <seq>:<64 hex digits>, got "${text}"`);
  }
  return { seq: Number(m[1]), hash: hash.toLowerCase() };
}

export interface VerifyOptions {
  /** The audit key (AUDIT_KEY). */
  key: Buffer;
  /** The audit_head row; the last row must be this one (newest rows removed otherwise). */
  head?: ChainPoint;
  /** Heads recorded outside the database earlier: each must still be in the chain, unchanged. */
  anchors?: ChainPoint[];
}

export type ChainVerdict =
  | {
      ok: true;
      rows: number;
      /** The newest row (null for an empty chain). */
      head: ChainPoint | null;
      /** Unkeyed rows at the start (written before the key existed). */
      unkeyedRows: number;
      /** How many anchors were checked. */
      anchors: number;
    }
  | { ok: false; seq: number; reason: string };

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

type Failure = Extract<ChainVerdict, { ok: false }>;

/**
 * The verification as a walk one row at a time, so that a long chain is checked page by page without holding
 * it in memory: `step` each row in seq order (a failure ends the walk), then `finish`.
 */
export class ChainWalker {
  private readonly anchors = new Map<number, string>();
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private unkeyed = 0;
  private last: Pick<StoredAuditRow, 'seq' | 'alg'> | null = null;

  constructor(private readonly opts: VerifyOptions) {
    for (const a of opts.anchors ?? []) {
      this.anchors.set(a.seq, a.hash.toLowerCase());
    }
  }

  /** The first problem of this row, or null. */
  step(row: StoredAuditRow): Failure | null {
    if (row.seq !== this.expectedSeq) {
      return {
        ok: false,
        seq: row.seq,
        reason: `expected seq ${this.expectedSeq}, found ${row.seq} (a row is missing)`,
      };
    }
    if (row.prevHash !== this.prev) {
      return { ok: false, seq: row.seq, reason: 'prev_hash does not match the previous row' };
    }
    if (row.alg === 'sha256') {
      if (this.last && this.last.alg !== 'sha256') {
        return {
          ok: false,
          seq: row.seq,
          reason: 'an unkeyed row after keyed rows (the chain was re-hashed)',
        };
      }
      this.unkeyed += 1;
    } else if (row.alg !== 'hmac-sha256') {
      return { ok: false, seq: row.seq, reason: `unknown algorithm "${String(row.alg)}"` };
    }
    if (!sameHex(rowHash(row.alg, this.opts.key, this.prev, row), row.hash)) {
      return {
        ok: false,
        seq: row.seq,
        reason:
          row.alg === 'sha256'
            ? 'content does not match its hash (the row was edited)'
            : 'content does not match its keyed hash (the row was edited or re-hashed, or AUDIT_KEY is not the key the chain was written with)',
      };
    }
    const anchored = this.anchors.get(row.seq);
    if (anchored !== undefined && anchored !== row.hash) {
      return { ok: false, seq: row.seq, reason: 'differs from the anchored hash (the chain was rewritten)' };
    }
    this.prev = row.hash;
    this.last = { seq: row.seq, alg: row.alg };
    this.expectedSeq += 1;
    this.count += 1;
    return null;
  }

  /** After the last row: the chain must end at the head, contain every anchor, and end with a keyed row. */
  finish(): ChainVerdict {
    const endSeq = this.last?.seq ?? 0;
    for (const seq of this.anchors.keys()) {
      if (seq > endSeq) {
        return {
          ok: false,
          seq,
          reason: `the anchored row ${seq} is beyond the chain's end at ${endSeq} (newest rows were removed)`,
        };
      }
    }
    const head = this.opts.head;
    if (head && (head.seq !== endSeq || head.hash !== this.prev)) {
      return {
        ok: false,
        seq: Math.max(head.seq, endSeq),
        reason: `the chain ends at seq ${endSeq} but the audit head records seq ${head.seq} (newest rows were removed, or the head was altered)`,
      };
    }
    if (this.last && this.last.alg === 'sha256') {
      return {
        ok: false,
        seq: this.last.seq,
        reason: 'the newest row is not keyed (the chain was re-hashed without the key)',
      };
    }
    return {
      ok: true,
      rows: this.count,
      head: this.last ? { seq: this.last.seq, hash: this.prev } : null,
      unkeyedRows: this.unkeyed,
      anchors: this.anchors.size,
    };
  }
}

/**
 * Walks the rows in seq order and reports the first one whose link, content or algorithm does not match; then
 * checks that the chain ends at the head and contains every anchor.
 */
export function verifyChain(rows: Iterable<StoredAuditRow>, opts: VerifyOptions): ChainVerdict {
  const walker = new ChainWalker(opts);
  for (const row of rows) {
    const failure = walker.step(row);
    if (failure) {
      return failure;
    }
  }
  return walker.finish();
}

/** verifyChain over pages of rows (e.g. read from the database page by page). */
export async function verifyChainPages(
  pages: AsyncIterable<readonly StoredAuditRow[]>,
  opts: VerifyOptions,
): Promise<ChainVerdict> {
  const walker = new ChainWalker(opts);
  for await (const page of pages) {
    for (const row of page) {
      const failure = walker.step(row);
      if (failure) {
        return failure;
      }
    }
  }
  return walker.finish();
}
