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
  { ok: true; rows: number } | { ok: false; seq: number; reason?: string; rows?: number };

export const auditApi = {
  list: (limit = 100, beforeSeq?: number) =>
    http.get<AuditEntry[]>('/api/audit', { query: { limit, beforeSeq } }),
  verify: () => http.get<ChainVerdict>('/api/audit/verify'),
};
