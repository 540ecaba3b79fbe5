import { http } from './http';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  /** Canonical JSON text of the details. */
  details: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | {
      ok: true;
      rows: number;
      head: { seq: number; hash: string } | null;
      unkeyedRows: number;
      anchors: number;
    }
  | { ok: false; seq: number; reason?: string; rows?: number };

/** A chain position as printed on public documents: "<seq>:<hash in groups of 8>". */
export function formatAnchor(p: { seq: number; hash: string }): string {
  return `${p.seq}:${(p.hash.match(/.{1,8}/g) ?? []).join(' ')}`;
}

export const auditApi = {
  list: (limit = 100, beforeSeq?: number) =>
    http.get<AuditEntry[]>('/api/audit', { query: { limit, beforeSeq } }),
  /** `anchor`: a head copied earlier ("<seq>:<hash>"), which must still be in the chain. */
  verify: (anchor?: string) =>
    http.get<ChainVerdict>('/api/audit/verify', { query: anchor ? { anchor } : {} }),
};
