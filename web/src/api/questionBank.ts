import { download, http } from './http';
import type { AnswerValue } from '@/lib/resend-queue';

export type ItemStatus = 'draft' | 'approved' | 'retired';
export type QuestionType = 'judge' | 'single' | 'multiple';

export interface QuestionSource {
  id: number;
  key: string;
  title: string;
  issuer: string;
  documentNumber: string | null;
  versionDate: string | null;
  effectiveDate: string | null;
  status: string;
  lawFile: string | null;
}

export interface ItemSummary {
  id: number;
  code: string;
  status: ItemStatus;
  versionId: number;
  versionNo: number;
  type: QuestionType;
  stem: string;
  sourceKey: string;
  article: string;
  disciplines: string[];
  difficulty: number;
  updatedAt: string;
}

export interface ItemVersion {
  id: number;
  versionNo: number;
  type: QuestionType;
  stem: string;
  options: Record<string, string>;
  answer: AnswerValue;
  sourceKey: string;
  article: string;
  basis: string;
  explanation: string | null;
  disciplines: string[];
  difficulty: number;
  contentHash: string;
  changeNote: string | null;
  createdBy: string;
  createdAt: string;
}

export interface ItemDetail {
  id: number;
  code: string;
  status: ItemStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
  origin: string;
  current: ItemVersion;
  source: QuestionSource;
  versions: ItemVersion[];
  createdAt: string;
  updatedAt: string;
}

export interface ItemFilter {
  source?: string;
  article?: string;
  discipline?: string;
  type?: QuestionType | '';
  difficulty?: number;
  status?: ItemStatus | '';
  q?: string;
}

export interface ItemInput {
  code?: string;
  type: QuestionType;
  stem: string;
  options?: Record<string, string>;
  answer: AnswerValue;
  sourceKey: string;
  article: string;
  basis: string;
  disciplines: string[];
  difficulty: number;
  explanation?: string;
  note?: string;
  baseVersionNo?: number;
}

interface StatusCounts {
  total: number;
  draft: number;
  approved: number;
  retired: number;
}

export interface BankStats {
  all: StatusCounts;
  bySource: Array<StatusCounts & { key: string; title: string }>;
  byDiscipline: Array<StatusCounts & { code: string; name: string }>;
  byType: Array<StatusCounts & { type: QuestionType }>;
}

/** A text import's result: the counts, and each item as it came in (a draft for the reviewers). */
export interface TextImportResult extends BankImportResult {
  items: Array<{ code: string; number: number; line: number; type: 'judge' | 'single' | 'multiple'; stem: string }>;
}

export interface BankImportResult {
  added: number;
  changed: number;
  statusChanged: number;
  unchanged: number;
  missing: number;
  missingCodes: string[];
  sourcesAdded: number;
  sourcesUpdated: number;
  dryRun: boolean;
}

export interface ReviewResult {
  id: number;
  code: string;
  status: ItemStatus;
  basisCheck?: 'verified' | 'mismatch' | 'unverifiable';
  basisCheckReason?: string;
  /** Approvals of the current version so far, and how many the bank requires (approve answers). */
  approvals?: number;
  reviewersRequired?: number;
}

const BASE = '/api/question-bank';

export const questionBankApi = {
  list: (f: ItemFilter & { page?: number; pageSize?: number }) =>
    http.get<{ total: number; page: number; pageSize: number; items: ItemSummary[] }>(`${BASE}/items`, {
      query: { ...f },
    }),
  get: (id: number) => http.get<ItemDetail>(`${BASE}/items/${id}`),
  create: (input: ItemInput) => http.post<ItemDetail>(`${BASE}/items`, input),
  update: (id: number, input: Partial<ItemInput>) => http.patch<ItemDetail>(`${BASE}/items/${id}`, input),
  approve: (id: number, reason: string, reviewerNote?: string) =>
    http.post<ReviewResult>(`${BASE}/items/${id}/approve`, { reason, reviewerNote }),
  retire: (id: number, reason: string) => http.post<ReviewResult>(`${BASE}/items/${id}/retire`, { reason }),
  sources: () => http.get<QuestionSource[]>(`${BASE}/sources`),
  stats: () => http.get<BankStats>(`${BASE}/stats`),
  importYaml: (content: string, fileName: string, dryRun = false) =>
    http.post<BankImportResult>(`${BASE}/import/yaml`, { content, fileName, dryRun }),
  importExcel: (contentBase64: string, fileName: string, dryRun = false) =>
    http.post<BankImportResult>(`${BASE}/import/excel`, { contentBase64, fileName, dryRun }),
  /** 文本/Word 导入: pasted text or a .docx/.txt file (base64), one of the two. */
  importText: (input: { content?: string; contentBase64?: string; fileName?: string; dryRun?: boolean }) =>
    http.post<TextImportResult>(`${BASE}/import/text`, input),
  exportExcel: (f: ItemFilter) => download(`${BASE}/export.xlsx`, '题库导出.xlsx', { ...f }),
  exportYaml: (f: ItemFilter) => download(`${BASE}/export.yaml`, '题库导出.yaml', { ...f }),
  template: () => download(`${BASE}/template.xlsx`, '题库导入模板.xlsx'),
};
