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

/** Outcomes the staff list filters by (the server's RESULT_OUTCOMES). */
export type ResultOutcome =
  'passed' | 'failed' | 'below-pass-mark' | 'voided' | 'absent' | 'pending' | 'unplaced' | 'expert';

export const RESULT_OUTCOME_LABELS: Record<ResultOutcome, string> = {
  passed: '合格',
  failed: '不合格（含作废、缺考）',
  'below-pass-mark': '低于及格线',
  voided: '作废',
  absent: '缺考',
  pending: '未结束',
  unplaced: '未安排场次',
  expert: '专家库候选',
};

/** Search and filters of the staff results list (and its export). */
export interface ResultFilter {
  q?: string;
  agencyId?: number;
  discipline?: string;
  outcome?: ResultOutcome;
}

export interface AnswerSheetQuestion {
  questionId: number;
  position: number;
  type: 'judge' | 'single' | 'multiple';
  stem: string;
  options: Array<{ label: string; text: string }>;
  points: number;
  /** In the labels shown: true/false, "B", or ["A","C"]. */
  key: boolean | string | string[];
  part: 'common' | 'discipline';
  sourceKey: string;
  article: string;
}

export interface AnswerSheet {
  attemptId: number;
  attemptStatus: string;
  submittedAt: string | null;
  voidReason: string | null;
  candidate: {
    sittingCandidateId: number;
    technicianId: number;
    name: string;
    maskedIdNumber: string;
    agencyName: string;
    disciplineName: string;
    ticketNumber: string;
    sittingName: string;
  };
  paper: {
    title: string;
    ruleText: string;
    totalPoints: number;
    sections: Array<{ type: string; title: string; pointsEach: number; questions: AnswerSheetQuestion[] }>;
  };
  items: Array<{
    questionId: number;
    response: boolean | string | string[] | null;
    earned: string | null;
    outcome: 'correct' | 'partial' | 'wrong' | 'blank' | null;
  }>;
  grade: {
    status: string;
    score: string;
    passMark: string;
    passed: boolean;
    keyCorrections: number[];
    ruleVersion: string;
    gradedAt: string;
  } | null;
}

const c = (id: number) => `/api/scoring/campaigns/${id}`;

/** The filter as query parameters, without empty parts. */
function filterQuery(f: ResultFilter): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(f).filter(
      (e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '',
    ),
  );
}

export const resultsApi = {
  grade: (campaignId: number, force = false) =>
    http.post<GradeRun>(`${c(campaignId)}/grade`, force ? { force } : {}),
  results: (campaignId: number, filter: ResultFilter = {}) =>
    http.get<CandidateResult[]>(`${c(campaignId)}/results`, { query: filterQuery(filter) }),
  /** A candidate's answer sheet; `objectionId` names the objection it is read for (audited). */
  answerSheet: (attemptId: number, objectionId?: number) =>
    http.get<AnswerSheet>(`/api/scoring/attempts/${attemptId}/answer-sheet`, {
      query: objectionId ? { objectionId } : {},
    }),
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
  exportCandidates: (campaignId: number, filter: ResultFilter = {}) =>
    download(`${c(campaignId)}/exports/results.xlsx`, '考生成绩.xlsx', filterQuery(filter)),
  exportAgencies: (campaignId: number) =>
    download(`${c(campaignId)}/exports/components.xlsx`, '机构抽考得分.xlsx'),
  exportItems: (campaignId: number) =>
    download(`${c(campaignId)}/exports/item-analysis.xlsx`, '题目分析.xlsx'),
};
