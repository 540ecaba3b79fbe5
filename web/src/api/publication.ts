import { http } from './http';

export type NoticeState = 'in-notice' | 'notice-ended' | 'final';

export interface PublishedCandidate {
  no: number;
  agencyName: string;
  /** masked: 张*, 张*三, 欧阳** */
  name: string;
  discipline: string;
  score: number | string | null;
  passed: boolean | null;
  status?: string;
}

export interface PublishedAgency {
  agencyName: string;
  agencyCode?: string;
  n: number;
  k: number;
  mean: number | string | null;
  component: number | string | null;
}

export interface PublicResultSummary {
  campaignId: number;
  campaignName: string;
  year?: number;
  publishedAt: string;
  noticeStart: string;
  noticeEnd: string;
  state: NoticeState;
  version?: number;
}

export interface PublicResults extends PublicResultSummary {
  candidates: PublishedCandidate[];
  agencies: PublishedAgency[];
  objectionsOpen: boolean;
  howToObject?: string;
  passMark?: number;
  changes?: Array<{ version: number; publishedAt: string; note: string }>;
}

export interface LookupResult {
  name: string;
  campaignName?: string;
  agencyName?: string;
  discipline?: string;
  score: number | string | null;
  passed: boolean | null;
  status?: string;
  sections?: Array<{ title?: string; type?: string; points: number; max: number }>;
  passMark?: number;
}

export interface Objection {
  id: number;
  campaignId: number;
  name: string;
  contact: string;
  content: string;
  target: string | null;
  createdAt: string;
  answer: string | null;
  answeredAt: string | null;
  correction?: boolean;
}

export interface Publication {
  campaignId: number;
  version: number;
  publishedAt: string;
  noticeStart: string;
  noticeEnd: string;
  state: NoticeState;
  finalisedAt: string | null;
}

export const publicationApi = {
  // Public (no sign-in)
  published: () => http.get<PublicResultSummary[]>('/api/public/results', { token: null }),
  results: (campaignId: number) => http.get<PublicResults>(`/api/public/results/${campaignId}`, { token: null }),
  object: (campaignId: number, o: { name: string; contact: string; content: string; target?: string }) =>
    http.post<{ id: number; receivedAt?: string }>(`/api/public/results/${campaignId}/objections`, o, { token: null }),
  lookup: (q: { campaignId?: number; name: string; idNumber?: string; ticketNumber?: string }) =>
    http.post<LookupResult>('/api/public/lookup', q, { token: null }),

  // Administrator
  publication: (campaignId: number) => http.get<Publication | null>(`/api/campaigns/${campaignId}/publication`),
  publish: (campaignId: number, note?: string) =>
    http.post<Publication>(`/api/campaigns/${campaignId}/publication`, note ? { note } : {}),
  objections: (campaignId: number) => http.get<Objection[]>(`/api/campaigns/${campaignId}/objections`),
  answer: (objectionId: number, answer: string, correction?: boolean) =>
    http.post<Objection>(`/api/objections/${objectionId}/answer`, { answer, correction }),
  republish: (campaignId: number, note: string) =>
    http.post<Publication>(`/api/campaigns/${campaignId}/publication/republish`, { note }),
  finalise: (campaignId: number, reason: string) =>
    http.post<Publication>(`/api/campaigns/${campaignId}/publication/finalise`, { reason }),
};
