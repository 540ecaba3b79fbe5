import { http } from './http';
import type { components } from './schema';

export type CampaignStatus = components['schemas']['CampaignResponseDto']['status'];

export interface Campaign {
  id: number;
  name: string;
  year: number;
  status: CampaignStatus;
  ratio: string;
  settings: {
    ratio: string;
    fullTimeOnly: boolean;
    disciplines: Array<{ code: string; name: string }>;
    algorithm: string;
  };
  rosterHash: string | null;
  commitment: string | null;
  secret: string | null;
  entropy: string | null;
  seed: string | null;
  conflictOverride: string | null;
  /** YYYY-MM-DD: the day on which the bank's sources must be current (null: the day of assembly). */
  examDate: string | null;
  frozenAt: string | null;
  drawnAt: string | null;
  createdAt: string;
}

/** One roster hash and commitment published by one freeze. */
export interface PublishedCommitment {
  rosterHash: string;
  commitment: string;
  publishedAt: string;
}

export interface PublicCampaign {
  id: number;
  name: string;
  year: number;
  status: CampaignStatus;
  ratio: string;
  algorithm: string;
  fullTimeOnly: boolean;
  rosterHash: string | null;
  commitment: string | null;
  frozenAt: string | null;
  drawnAt: string | null;
  agencies: number;
  technicians: number;
  /** Every value ever published, oldest first (each freeze appends one). */
  commitments: PublishedCommitment[];
}

export interface FreezeResult {
  campaign: Campaign;
  agencies: number;
  technicians: number;
  conflictsOverridden: number;
}

export interface AgencyFigures {
  code: string;
  name: string;
  county: string;
  n: number;
  k: number;
  drawn: number;
  excused: number;
  substitutesLeft: number;
  short: boolean;
  noTechnicians: boolean;
  allocation: Record<string, number>;
}

export interface SampledTechnician {
  campaignId: number;
  technicianId: number;
  technicianKey: string;
  agencyId: number;
  agencyName: string;
  agencyCode: string;
  name: string;
  idNumber: string;
  discipline: string;
  via: 'drawn' | 'substitute';
}

export interface ExcusalResult {
  excusedTechnicianId: number;
  replacementTechnicianId: number | null;
  replacementKey: string | null;
  agency: AgencyFigures;
}

export const campaignsApi = {
  list: () => http.get<Campaign[]>('/api/campaigns'),
  get: (id: number) => http.get<Campaign>(`/api/campaigns/${id}`),
  create: (c: { name: string; year: number; ratio?: string; fullTimeOnly?: boolean; algorithm?: string }) =>
    http.post<Campaign>('/api/campaigns', c),
  update: (id: number, c: { name?: string; year?: number; ratio?: string; fullTimeOnly?: boolean }) =>
    http.patch<Campaign>(`/api/campaigns/${id}`, c),
  freeze: (id: number, conflictOverrideReason?: string) =>
    http.post<FreezeResult>(
      `/api/campaigns/${id}/freeze`,
      conflictOverrideReason ? { conflictOverrideReason } : {},
    ),
  draw: (id: number, entropy: string, conflictOverrideReason?: string) =>
    http.post<Campaign>(
      `/api/campaigns/${id}/draw`,
      conflictOverrideReason ? { entropy, conflictOverrideReason } : { entropy },
    ),
  figures: (id: number) => http.get<AgencyFigures[]>(`/api/campaigns/${id}/figures`),
  sample: (id: number) => http.get<SampledTechnician[]>(`/api/campaigns/${id}/sample`),
  excuse: (id: number, technicianId: number, reason: string, evidence: string) =>
    http.post<ExcusalResult>(`/api/campaigns/${id}/excusals`, { technicianId, reason, evidence }),

  /** Campaigns whose roster hash (and later draw) is public. */
  publicList: () => http.get<PublicCampaign[]>('/api/public/campaigns', { token: null }),
  publicCampaign: (id: number) => http.get<PublicCampaign>(`/api/public/campaigns/${id}`, { token: null }),
  drawRecord: (id: number) => http.get<unknown>(`/api/public/campaigns/${id}/draw-record`, { token: null }),
};
