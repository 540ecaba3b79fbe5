import { http } from './http';
import type { AnswerValue } from '@/lib/resend-queue';

export type QuestionType = 'judge' | 'single' | 'multiple';

export interface Blueprint {
  campaignId: number;
  discipline: string;
  origin: 'stored' | 'campaign-default' | 'built-in';
  totalPoints: number;
  durationMinutes: number;
  sections: Array<{ type: QuestionType; count: number; pointsEach: number }>;
  commonPoints: number;
  disciplinePoints: number;
  sourceMinimums: Array<{
    sourceKey: string;
    articleFrom: number | null;
    articleTo: number | null;
    minPoints: number;
  }>;
  targetDifficulty: number | null;
  difficultyTolerance: number;
  multipleRule: 'partial' | 'all-or-nothing';
  passMark: number;
  ruleText: string;
  updatedAt: string | null;
}

export type BlueprintInput = Partial<
  Omit<Blueprint, 'campaignId' | 'discipline' | 'origin' | 'ruleText' | 'updatedAt'>
>;

export interface Shortfall {
  constraint: string;
  message: string;
  unit?: string;
  needed?: number;
  available?: number;
  missingItems?: number;
  type?: QuestionType;
  sourceKey?: string;
}

export interface CapacityReport {
  discipline: string;
  ok: boolean;
  shortfalls: Shortfall[];
  warnings: string[];
  buckets: Array<{
    type: QuestionType;
    part: 'common' | 'discipline';
    pointsEach: number;
    slots: number;
    available: number;
  }> | null;
  expectedDifficulty: number | null;
  reachableDifficulty: { min: number; max: number } | null;
  targetDifficulty: number | null;
  readiness: {
    specificItems: number;
    sharedItems: number;
    disciplinePoints: number;
    specificPoints: number | null;
    specificShare: number | null;
    warning: string | null;
  };
  excludedForCurrency: Array<{
    itemId: number;
    code: string;
    sourceKey: string;
    article: string;
    disciplines: string[];
    reason: string;
  }>;
}

export interface BlueprintCheck {
  ok: boolean;
  /** YYYY-MM-DD: the exam date on which the sources' currency was judged. */
  examDate: string;
  blueprint: Blueprint;
  reports: CapacityReport[];
}

export interface AssembleResult {
  total: number;
  created: number;
  existing: number;
}

export interface PaperSummary {
  id: number;
  campaignId: number;
  technicianId: number;
  technicianName: string | null;
  agencyId: number;
  agencyName: string | null;
  discipline: string;
  disciplineName: string;
  difficulty: number;
  targetDifficulty: number;
  totalPoints: number;
  durationMinutes: number;
  passMark: number;
  multipleRule: string;
  seed: string;
  poolHash: string;
  assembledAt: string;
}

export interface AdminQuestion {
  questionId: number;
  position: number;
  type: QuestionType;
  stem: string;
  options: Array<{ label: string; text: string }>;
  points: number;
  key: AnswerValue;
  itemId: number;
  versionId: number;
  optionOrder: string;
  part: 'common' | 'discipline';
  sourceKey: string;
  article: string;
  difficulty: number;
}

export interface AdminPaper extends PaperSummary {
  title: string;
  ruleText: string;
  sections: Array<{ type: QuestionType; title: string; pointsEach: number; questions: AdminQuestion[] }>;
}

export interface FairnessReport {
  campaignId: number;
  papers: number;
  disciplines: Array<{
    discipline: string;
    disciplineName: string;
    papers: number;
    difficulty: { min: number; mean: number; max: number; target: number; tolerance: number };
    outsideTolerance: number;
    maxExposure: number;
    fairShare: number;
    agencyPairs: number;
    meanAgencyOverlap: number | null;
    randomOverlap: number;
  }>;
  overall: {
    maxExposure: number;
    agencyPairs: number;
    meanAgencyOverlap: number | null;
    enemyGroups: number;
    enemyConflicts: number;
  };
  missing?: number[];
}

const c = (id: number) => `/api/campaigns/${id}`;

export const papersApi = {
  blueprints: (campaignId: number) =>
    http.get<{ default: Blueprint; disciplines: Blueprint[] }>(`${c(campaignId)}/blueprints`),
  saveBlueprint: (campaignId: number, discipline: string, b: BlueprintInput) =>
    http.put<BlueprintCheck>(`${c(campaignId)}/blueprints/${discipline}`, b),
  checkBlueprint: (campaignId: number, discipline: string, b: BlueprintInput) =>
    http.post<BlueprintCheck>(`${c(campaignId)}/blueprints/${discipline}/check`, b),
  deleteBlueprint: (campaignId: number, discipline: string) =>
    http.delete<void>(`${c(campaignId)}/blueprints/${discipline}`),
  assemble: (campaignId: number) => http.post<AssembleResult>(`${c(campaignId)}/papers/assemble`, {}),
  list: (campaignId: number) => http.get<PaperSummary[]>(`${c(campaignId)}/papers`),
  get: (campaignId: number, paperId: number) => http.get<AdminPaper>(`${c(campaignId)}/papers/${paperId}`),
  fairness: (campaignId: number) => http.get<FairnessReport>(`${c(campaignId)}/papers/fairness`),
  setExamDate: (campaignId: number, examDate: string) =>
    http.put<{ campaignId: number; examDate: string }>(`${c(campaignId)}/papers/exam-date`, { examDate }),
};
