import { createHash } from 'node:crypto';

/** The hash that precedes the first row. */
export const GENESIS_HASH = '0'.repeat(64);

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

/** SHA-256 (hex) of the previous hash and this row's content, fields joined by a newline. */
export function chainHash(prevHash: string, c: AuditContent): string {
  return createHash('sha256')
    .update([prevHash, String(c.seq), c.at, c.actor, c.action, c.target, c.details].join('\n'), 'utf8')
    .digest('hex');
}

export interface StoredAuditRow extends AuditContent {
  prevHash: string;
  hash: string;
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; seq: number; reason: string };

/** Walks the rows in seq order and reports the first one whose link or content does not match. */
export function verifyChain(rows: Iterable<StoredAuditRow>): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        seq: row.seq,
        reason: `expected seq ${expectedSeq}, found ${row.seq} (a row is missing)`,
      };
    }
    if (row.prevHash !== prev) {
      return { ok: false, seq: row.seq, reason: 'prev_hash does not match the previous row' };
    }
    if (chainHash(prev, row) !== row.hash) {
      return { ok: false, seq: row.seq, reason: 'content does not match its hash (the row was edited)' };
    }
    prev = row.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, rows: count };
}
