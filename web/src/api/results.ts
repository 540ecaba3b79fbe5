import { download, http } from './http';

export type Standing = 'graded' | 'voided' | 'absent' | 'pending' | 'unplaced';

export interface Subtotal {
  /** "18.00" */
  earned: string;
  max: string;
}

export interface CandidateResult {
  technicianId: number;
  agencyId: number;
  agencyName: string;
  name: string;
  maskedIdNumber: string;
  discipline: string;
  disciplineName: string;
  ticketNumber: string | null;
  attemptId: number | null;
  standing: Standing;
  /** The reason recorded with an absence entered by an administrator. */
  absenceReason?: string | null;
  /** "85.50" */
  score: string;
  passed: boolean;
  expert: boolean;
  bySection: Record<string, Subtotal>;
  byPart: Record<string, Subtotal>;
  revision: number;
}

export interface AgencyComponent {
  rank: number | null;
  agencyId: number;
  agencyName: string;
  agencyCode: string;
  /** N */
  rosterSize: number | null;
  /** k */
  sampleSize: number;
  counted: number;
  scoreSum: string;
  mean: string | null;
  component: string | null;
  inputs: Array<{ technicianId: number; standing: string; score: string }>;
  ruleVersion: string;
  computedAt: string;
  lockedAt: string | null;
}

export interface ResultLists {
  expertThreshold: string;
  pending: number;
  failed: CandidateResult[];
  experts: CandidateResult[];
  agencies: AgencyComponent[];
}

export interface GradeRun {
  considered: number;
  graded: number;
  changed: number;
  unchanged: number;
  skipped: number;
}

export interface ItemStat {
  id: number;
  campaignId: number;
  scope: string;
  itemId: number;
  code: string | null;
  versionId: number;
  questionType: string;
  sourceKey: string;
  n: number;
  facility: number;
  discriminationUl: number | null;
  pointBiserial: number | null;
  /** bank option letter → count */
  options: Record<string, number>;
  flags: string[];
  reviewStatus: 'none' | 'open' | 'reviewed';
  reviewNote: string | null;
  reviewedAt: string | null;
  computedAt: string;
}

export interface FormReliability {
  discipline: string;
  candidates: number;
  itemsPerPaper: number;
  kr20: number | null;
  method: string;
}

export interface ItemAnalysis {
  items: ItemStat[];
  reliability: FormReliability[];
}

export interface GradeChange {
  id: number;
  attemptId: number;
  technicianId: number;
  name: string | null;
  agencyName: string | null;
  cause: string;
  beforeScore: string | null;
  afterScore: string;
  beforePassed: boolean | null;
  afterPassed: boolean;
  actor: string;
  reason: string | null;
  createdAt: string;
}

const c = (id: number) => `/api/scoring/campaigns/${id}`;

export const resultsApi = {
  grade: (campaignId: number, force = false) =>
    http.post<GradeRun>(`${c(campaignId)}/grade`, force ? { force } : {}),
  results: (campaignId: number) => http.get<CandidateResult[]>(`${c(campaignId)}/results`),
  lists: (campaignId: number) => http.get<ResultLists>(`${c(campaignId)}/lists`),
  computeComponents: (campaignId: number) => http.post<AgencyComponent[]>(`${c(campaignId)}/components`, {}),
  components: (campaignId: number) => http.get<AgencyComponent[]>(`${c(campaignId)}/components`),
  runItemAnalysis: (campaignId: number) =>
    http.post<{ candidates: number; items: number; flagged: number }>(`${c(campaignId)}/item-analysis`, {}),
  itemAnalysis: (campaignId: number) => http.get<ItemAnalysis>(`${c(campaignId)}/item-analysis`),
  reviewItem: (statId: number, note: string) =>
    http.post<ItemStat>(`/api/scoring/item-statistics/${statId}/review`, { note }),
  correctKey: (campaignId: number, versionId: number, key: unknown, reason: string) =>
    http.post<{ correction: unknown; changedAttemptIds: number[] }>(`${c(campaignId)}/key-corrections`, {
      versionId,
      key,
      reason,
    }),
  history: (campaignId: number) => http.get<GradeChange[]>(`${c(campaignId)}/history`),
  recordAbsence: (campaignId: number, technicianId: number, reason: string) =>
    http.post<unknown>(`${c(campaignId)}/absences`, { technicianId, reason }),
  exportCandidates: (campaignId: number) =>
    download(`${c(campaignId)}/exports/results.xlsx`, '考生成绩.xlsx'),
  exportAgencies: (campaignId: number) =>
    download(`${c(campaignId)}/exports/components.xlsx`, '机构抽考得分.xlsx'),
  exportItems: (campaignId: number) =>
    download(`${c(campaignId)}/exports/item-analysis.xlsx`, '题目分析.xlsx'),
};
