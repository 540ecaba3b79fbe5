import { http } from './http';

export type NoticeState = 'in-notice' | 'notice-ended' | 'final';

export interface Subtotal {
  earned: string;
  max: string;
}

/** A published campaign as the home page lists it. */
export interface PublishedCampaign {
  campaignId: number;
  campaignName: string;
  version: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
  /** YYYY-MM-DD */
  noticeStart: string;
  noticeEnd: string;
  /** working days of the notice period */
  noticeDays: number;
  state: NoticeState;
  stateName: string;
}

export interface PublicAgencyRow {
  rank: number | null;
  agencyId: number;
  agencyName: string;
  n: number | null;
  k: number;
  mean: string | null;
  component: string | null;
}

export interface PublicResults extends PublishedCampaign {
  howToObject: { open: boolean; until: string; instructions: string };
  candidates: number;
  passed: number;
  componentRule: string;
  versions: Array<{
    version: number;
    publishedAt: string;
    changeNote: string | null;
    auditHead: string | null;
  }>;
  agencies: PublicAgencyRow[];
  /** The audit chain's head when the current version was published ("<seq>:<hash>"). */
  auditHead: string | null;
}

export interface PublicCandidateRow {
  seq: number;
  agencyName: string;
  /** 张*, 张*三, 欧阳** */
  maskedName: string;
  discipline: string;
  disciplineName: string;
  score: string;
  result: '合格' | '不合格';
  remark: string | null;
}

export interface PublicCandidatePage {
  total: number;
  page: number;
  pageSize: number;
  rows: PublicCandidateRow[];
}

export interface LookupResult {
  campaignId: number;
  campaignName: string;
  version: number;
  seq: number;
  agencyName: string;
  maskedName: string;
  discipline: string;
  disciplineName: string;
  score: string;
  result: '合格' | '不合格';
  remark: string | null;
  bySection: Record<string, Subtotal>;
  byPart: Record<string, Subtotal>;
}

export interface ObjectionStatus {
  id: number;
  receivedAt: string;
  target: string | null;
  status: 'open' | 'answered';
  statusName: string;
  outcome: 'upheld' | 'rejected' | 'other' | null;
  outcomeName: string | null;
  answer: string | null;
  answeredAt: string | null;
}

export interface Objection {
  id: number;
  campaignId: number;
  version: number;
  name: string;
  contact: string;
  content: string;
  target: string | null;
  status: 'open' | 'answered';
  answer: string | null;
  outcome: 'upheld' | 'rejected' | 'other' | null;
  answeredAt: string | null;
  createdAt: string;
}

export interface PublicationState {
  campaignId: number;
  campaignName: string;
  currentVersion: number;
  publishedOn: string;
  noticeStart: string;
  noticeEnd: string;
  noticeDays: number;
  state: NoticeState;
  stateName: string;
  finalisedAt: string | null;
  objectionInstructions: string;
  versions: Array<{
    version: number;
    publishedAt: string;
    publishedBy: number;
    changeNote: string | null;
    candidates: number;
    agencies: number;
  }>;
  objections: { open: number; answered: number };
}

const pub = (id: number) => `/api/public/results/${id}`;
const admin = (id: number) => `/api/publication/campaigns/${id}`;

export const publicationApi = {
  // Public (no sign-in)
  published: () => http.get<PublishedCampaign[]>('/api/public/results', { token: null }),
  results: (campaignId: number) => http.get<PublicResults>(pub(campaignId), { token: null }),
  candidates: (
    campaignId: number,
    q: { page?: number; pageSize?: number; agencyId?: number; discipline?: string },
  ) => http.get<PublicCandidatePage>(`${pub(campaignId)}/candidates`, { token: null, query: q }),
  lookup: (campaignId: number, q: { name: string; idNumber?: string; ticketNumber?: string }) =>
    http.post<LookupResult>(`${pub(campaignId)}/lookup`, q, { token: null }),
  object: (campaignId: number, o: { name: string; contact: string; content: string; target?: string }) =>
    http.post<{ id: number; receiptCode: string; receivedAt: string; message: string }>(
      `${pub(campaignId)}/objections`,
      o,
      { token: null },
    ),
  /** The filer's own objection, by the receipt code given when it was filed. */
  objectionStatus: (campaignId: number, receiptCode: string) =>
    http.post<ObjectionStatus>(`${pub(campaignId)}/objections/status`, { receiptCode }, { token: null }),

  // Administrator
  /** 404 until the campaign is published. */
  state: (campaignId: number) => http.get<PublicationState>(admin(campaignId)),
  publish: (campaignId: number, objectionInstructions?: string) =>
    http.post<PublicationState>(
      `${admin(campaignId)}/publish`,
      objectionInstructions ? { objectionInstructions } : {},
    ),
  republish: (campaignId: number, changeNote: string) =>
    http.post<PublicationState>(`${admin(campaignId)}/republish`, { changeNote }),
  finalise: (campaignId: number) => http.post<PublicationState>(`${admin(campaignId)}/finalise`, {}),
  objections: (campaignId: number, status?: 'open' | 'answered') =>
    http.get<Objection[]>(`${admin(campaignId)}/objections`, { query: { status } }),
  answer: (objectionId: number, answer: string, outcome: 'upheld' | 'rejected' | 'other') =>
    http.post<Objection>(`/api/publication/objections/${objectionId}/answer`, { answer, outcome }),
  noticePreview: (date: string) =>
    http.get<{ start: string; end: string; workingDays: string[] }>('/api/publication/notice-preview', {
      query: { date },
    }),
};
