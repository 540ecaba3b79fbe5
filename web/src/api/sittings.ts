import { download, http, request } from './http';

export type CandidateState =
  'not-logged-in' | 'waiting' | 'admitted' | 'in-progress' | 'submitted' | 'voided';

export interface Threshold {
  warnAt: number | null;
  flagAt: number | null;
}

export interface Sitting {
  id: number;
  campaignId: number;
  name: string;
  mode: 'room' | 'online';
  location: string;
  windowStart: string;
  windowEnd: string;
  durationSeconds: number;
  lateEntrySeconds: number;
  capacity: number;
  accessCodeRevealedAt: string | null;
  proctoring: { thresholds: Record<string, Threshold> };
  proctorIds: number[];
  candidateCount: number;
  /** Set once staff closed the sitting (结束场次). */
  closedAt: string | null;
  closeReason: string | null;
}

export interface SittingInput {
  campaignId?: number;
  name?: string;
  mode?: 'room' | 'online';
  location?: string;
  windowStart?: string;
  windowEnd?: string;
  durationSeconds?: number;
  lateEntrySeconds?: number;
  capacity?: number;
  proctorIds?: number[];
  /** Why it was changed (audited). */
  reason?: string;
}

/** One of the new sittings of a split (拆分到多个场次). */
export interface SplitSittingInput {
  name: string;
  mode: 'room' | 'online';
  location: string;
  windowStart: string;
  windowEnd: string;
  durationSeconds: number;
  lateEntrySeconds: number;
  capacity: number;
  proctorIds?: number[];
}

export interface SplitResult {
  sittings: Sitting[];
  placed: number;
  splitAgencyIds: number[];
}

export interface CloseResult {
  sitting: Sitting;
  finished: number;
  absentTechnicianIds: number[];
}

export type PrintoutKind = 'sign-in' | 'seating';

export interface Printout {
  organiser: string;
  sitting: Sitting;
  candidates: Array<{
    seat: number;
    name: string;
    idNumber: string;
    ticketNumber: string;
    agencyName: string;
    discipline: string;
  }>;
}

export interface SittingCandidate {
  id: number;
  sittingId: number;
  technicianId: number;
  agencyId: number;
  agencyName: string;
  name: string;
  maskedIdNumber: string;
  discipline: string;
  ticketNumber: string;
  seat: number;
  paperId: number | null;
  admittedAt: string | null;
  lastLoginAt: string | null;
  state: CandidateState;
}

export interface AssignResult {
  added: number;
  alreadyPlaced: number[];
  /** Chosen but left out because the sitting was full (安排到满). */
  notPlaced: number[];
  candidates: SittingCandidate[];
}

export const sittingsApi = {
  list: (campaignId?: number) => http.get<Sitting[]>('/api/sittings', { query: { campaignId } }),
  get: (id: number) => http.get<Sitting>(`/api/sittings/${id}`),
  create: (s: SittingInput) => http.post<Sitting>('/api/sittings', s),
  update: (id: number, s: SittingInput) => http.patch<Sitting>(`/api/sittings/${id}`, s),
  setProctors: (id: number, userIds: number[]) =>
    http.put<Sitting>(`/api/sittings/${id}/proctors`, { userIds }),
  assign: (
    id: number,
    a: {
      technicianIds?: number[];
      agencyIds?: number[];
      disciplines?: string[];
      all?: boolean;
      fillToCapacity?: boolean;
    },
  ) => http.post<AssignResult>(`/api/sittings/${id}/candidates`, a),
  remove: (id: number, reason: string) => http.post<void>(`/api/sittings/${id}/delete`, { reason }),
  close: (id: number, reason: string) => http.post<CloseResult>(`/api/sittings/${id}/close`, { reason }),
  split: (campaignId: number, sittings: SplitSittingInput[]) =>
    http.post<SplitResult>('/api/sittings/split', { campaignId, sittings }),
  printout: (id: number, kind: PrintoutKind) =>
    http.get<Printout>(`/api/sittings/${id}/printout`, { query: { kind } }),
  /** 通知各机构: the drawn list by agency with sitting, time, place and ticket number (Excel). */
  agencyNotice: (campaignId: number) =>
    download('/api/sittings/agency-notice.xlsx', '抽考安排_通知各机构.xlsx', { campaignId }),
  candidates: (id: number) => http.get<SittingCandidate[]>(`/api/sittings/${id}/candidates`),
  removeCandidate: (id: number, candidateId: number) =>
    http.delete<void>(`/api/sittings/${id}/candidates/${candidateId}`),
  preparePapers: (id: number) =>
    http.post<{ prepared: number; missing: number }>(`/api/sittings/${id}/papers`, {}),
  /** The printable admission tickets (HTML made by the server). */
  ticketsHtml: async (id: number, candidateId?: number): Promise<string> => {
    const res = await request<Response>(
      'GET',
      candidateId ? `/api/sittings/${id}/candidates/${candidateId}/ticket` : `/api/sittings/${id}/tickets`,
      { raw: true },
    );
    return res.text();
  },
  revealAccessCode: (id: number) =>
    http.post<{ accessCode: string; revealedAt: string }>(`/api/sittings/${id}/access-code/reveal`, {}),
};
