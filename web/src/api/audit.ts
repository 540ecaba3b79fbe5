import { download, http } from './http';

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

/** A row as the page shows it: a sentence with names, Beijing time, the stored fields behind 详情. */
export interface AuditSentence extends AuditEntry {
  /** "2026-12-08 09:15:42" (北京时间) */
  atBeijing: string;
  /** "管理员 张三" */
  actorName: string;
  targetName: string;
  /** What was done, without time and actor. */
  phrase: string;
  /** "2026-12-08 09:15 管理员 张三 为考生 李四（票号 …）延长考试 10 分钟，理由：…" */
  sentence: string;
}

/** Search filters; dates are Beijing calendar days (YYYY-MM-DD), inclusive. */
export interface AuditFilter {
  actor?: string;
  /** A kind (proctor.extend) or a prefix (proctor.). */
  action?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface AuditPage {
  rows: AuditSentence[];
  total: number;
  page: number;
  pageSize: number;
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

/** The filter without empty fields (the server refuses an empty date). */
function clean(f: AuditFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''),
  );
}

export const auditApi = {
  search: (filter: AuditFilter, page: number, pageSize: number) =>
    http.get<AuditPage>('/api/audit/search', { query: { ...clean(filter), page, pageSize } }),
  actors: () => http.get<Array<{ value: string; label: string }>>('/api/audit/actors'),
  exportXlsx: (filter: AuditFilter) => download('/api/audit/export.xlsx', '审计日志.xlsx', clean(filter)),
  list: (limit = 100, beforeSeq?: number) =>
    http.get<AuditEntry[]>('/api/audit', { query: { limit, beforeSeq } }),
  /** `anchor`: a head copied earlier ("<seq>:<hash>"), which must still be in the chain. */
  verify: (anchor?: string) =>
    http.get<ChainVerdict>('/api/audit/verify', { query: anchor ? { anchor } : {} }),
};
