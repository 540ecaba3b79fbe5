import { download, http } from './http';
import type { ItemStatus, QuestionType } from './questionBank';
import type { AnswerValue } from '@/lib/resend-queue';

export type QueueReason = 'new-draft' | 'source-changed' | 'item-analysis' | 'objection';
export type ReviewDecisionKind = 'approve' | 'request-change' | 'reject';

export interface QueueReasonEntry {
  reason: QueueReason;
  detail: string;
  at: string | null;
}

export interface QueueRow {
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
  reasons: QueueReasonEntry[];
  approvals: number;
  approvedByMe: boolean;
}

export interface QueueFilter {
  source?: string;
  discipline?: string;
  reason?: QueueReason;
}

export interface ReviewDecision {
  id: number;
  versionNo: number;
  reviewerId: number;
  reviewerName: string;
  decision: ReviewDecisionKind;
  comment: string | null;
  basisCheck: string;
  checkedArticle: string | null;
  channel: string;
  at: string;
}

export interface ReviewItem {
  id: number;
  code: string;
  status: ItemStatus;
  statusReason: string | null;
  version: {
    id: number;
    versionNo: number;
    type: QuestionType;
    stem: string;
    options: Record<string, string>;
    answer: AnswerValue;
    article: string;
    basis: string;
    explanation: string | null;
    disciplines: string[];
    difficulty: number;
  };
  source: {
    key: string;
    title: string;
    status: string;
    supersededBy: string | null;
    supersededFrom: string | null;
    lawFile: string | null;
    officialText: { id: number; chars: number; fileName: string | null; at: string } | null;
  };
  articleText: { text: string; from: 'law-file' | 'official-text' } | null;
  basisCheck: { status: string; reason?: string };
  reasons: QueueReasonEntry[];
  reviewersRequired: number;
  approvers: number[];
  decisions: ReviewDecision[];
}

export interface DecisionInput {
  decision: ReviewDecisionKind;
  comment?: string;
  versionNo?: number;
  reviewerNote?: string;
  checkedArticle?: string;
}

export interface DecideResult {
  id: number;
  code: string;
  status: ItemStatus;
  versionNo: number;
  approvals: number;
  reviewersRequired: number;
  basisCheck: string;
  basisCheckReason?: string;
}

export interface ImportDecisionsResult {
  rows: number;
  approved: number;
  requestedChange: number;
  rejected: number;
  nowApproved: number;
}

const BASE = '/api/question-bank/review';

export const reviewApi = {
  queue: (f: QueueFilter & { page?: number; pageSize?: number }) =>
    http.get<{ total: number; page: number; pageSize: number; reviewersRequired: number; items: QueueRow[] }>(
      `${BASE}/queue`,
      { query: { ...f } },
    ),
  item: (id: number) => http.get<ReviewItem>(`${BASE}/items/${id}`),
  decisions: (id: number) => http.get<ReviewDecision[]>(`${BASE}/items/${id}/decisions`),
  decide: (id: number, input: DecisionInput) =>
    http.post<DecideResult>(`${BASE}/items/${id}/decisions`, input),
  enqueue: (id: number, reason: 'objection' | 'item-analysis', note: string) =>
    http.post<{ id: number; code: string }>(`${BASE}/items/${id}/enqueue`, { reason, note }),
  settings: () => http.get<{ reviewersRequired: number }>(`${BASE}/settings`),
  updateSettings: (reviewersRequired: number) =>
    http.put<{ reviewersRequired: number }>(`${BASE}/settings`, { reviewersRequired }),
  markSource: (
    key: string,
    input: {
      status: 'superseded' | 'partially-superseded';
      supersededBy: string;
      supersededFrom: string;
      note?: string;
    },
  ) =>
    http.post<{ key: string; status: string; queued: number }>(
      `${BASE}/sources/${encodeURIComponent(key)}/currency`,
      input,
    ),
  putSourceText: (key: string, text: string, fileName?: string) =>
    http.put<{ id: number; chars: number; articles: number; queued: number; unchanged: boolean }>(
      `${BASE}/sources/${encodeURIComponent(key)}/text`,
      { text, fileName },
    ),
  exportQueue: (f: QueueFilter) => download(`${BASE}/export.xlsx`, '评审表.xlsx', { ...f }),
  importDecisions: (contentBase64: string, fileName: string) =>
    http.post<ImportDecisionsResult>(`${BASE}/import`, { contentBase64, fileName }),
};

export const REASON_NAMES: Record<QueueReason, string> = {
  'new-draft': '新拟题目',
  'source-changed': '来源变更',
  'item-analysis': '题目分析标记',
  objection: '异议',
};

export const DECISION_NAMES: Record<ReviewDecisionKind, string> = {
  approve: '批准',
  'request-change': '退回修改',
  reject: '否决',
};
