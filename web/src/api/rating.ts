import { download, http } from './http';

/** A file attached as evidence to a deduction (PDF, PNG or JPEG; staff only). */
export interface EvidenceFile {
  id: number;
  deductionId: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: number;
  uploadedAt: string;
}

export type SubmissionKind = 'statutory-projects' | 'hazard-services';
export type RatingPart = 'basic' | 'reports' | 'performance' | 'exam' | 'survey';
export type Grade = 'excellent' | 'good' | 'fair' | 'poor';
export type RespondentType = 'county-bureau' | 'township-office' | 'service-object';
export type VetoCode =
  'administrative-penalty' | 'illicit-means' | 'false-report' | 'non-cooperation' | 'serious-dishonesty';

export const RESPONDENT_NAMES: Record<RespondentType, string> = {
  'county-bureau': '县区应急管理局',
  'township-office': '镇街应急办',
  'service-object': '服务对象（企业）',
};

export const VETO_NAMES: Record<VetoCode, string> = {
  'administrative-penalty': '评审期间发现违法违规行为，被行政处罚',
  'illicit-means': '采用欺诈、胁迫、贿赂、串通等非法手段承揽业务',
  'false-report': '出具虚假报告或其它证明文件',
  'non-cooperation': '不配合信用评价，不提供评价资料',
  'serious-dishonesty': '其它被认定为严重失信行为',
};

export interface Stage {
  start: string;
  end: string;
}

export interface RatingRound {
  id: number;
  year: number;
  name: string;
  rulesVersion: string;
  publishedRules: string[];
  stages: { selfAssessment: Stage; inspection: Stage; classification: Stage };
  examCampaignId: number | null;
  examVersion: number | null;
  examTakenAt: string | null;
  currentVersion: number;
  publishedOn: string | null;
  noticeStart: string | null;
  noticeEnd: string | null;
  finalisedAt: string | null;
}

export interface RatedAgency {
  id: number;
  agencyId: number;
  code: string;
  name: string;
  county: string;
  status: 'rating' | 'withdrawn';
  statusReason: string | null;
  examComponent: string | null;
  selfAssessedAt: string | null;
}

export interface ProgressRow extends RatedAgency {
  deductions: number;
  objects: number;
  surveyResponses: number;
  experts: number;
  stages: { selfAssessment: boolean; inspection: boolean; exam: boolean; survey: boolean };
  sheet: string | null;
  total: string | null;
  grade: Grade | null;
  gradeName: string | null;
  vetoed: boolean;
  missing: string[];
}

export interface DeductionRule {
  code: string;
  kind: 'per-occurrence' | 'once' | 'zero';
  points: number;
  text: string;
}

export interface Deduction {
  id: number;
  item: number;
  rule: string;
  count: number;
  serviceObjectId: number | null;
  evidence: string;
  recordedBy: number;
  recordedByName: string;
  recordedAt: string;
  withdrawnAt: string | null;
}

export interface SheetItem {
  no: number;
  content: string;
  max: string;
  standard: string;
  source: 'agency' | 'service-object' | 'exam' | 'survey';
  rules: DeductionRule[];
  score: string | null;
  deductions: Deduction[];
}

export interface Sheet {
  round: { id: number; name: string; rulesVersion: string; publishedRules: string[] };
  agency: RatedAgency;
  parts: { part: RatingPart; name: string; max: string; score: string | null; items: SheetItem[] }[];
  objects: { id: number; name: string; kind: 'statutory' | 'other'; total: string | null }[];
  survey: { responses: number; score: string | null };
  bonuses: { id: number; points: string; reason: string; authority: string }[];
  bonus: { claimed: string; counted: string };
  vetoes: { id: number; code: VetoCode; text: string; evidence: string }[];
  sheet: string | null;
  total: string | null;
  grade: Grade | null;
  gradeName: string | null;
  vetoed: boolean;
  missing: string[];
  experts: { userId: number; displayName: string }[];
}

export interface SurveyForm {
  roundName: string;
  agencyName: string;
  county: string;
  respondentType: RespondentType;
  criteria: { code: string; name: string; max: number }[];
}

export interface PublicGradeRow {
  seq: number;
  agencyName: string;
  county: string;
  parts: Record<RatingPart, string | null>;
  sheet: string | null;
  bonus: string;
  total: string | null;
  grade: Grade;
  gradeName: string;
  vetoed: boolean;
}

/** A rating round whose grades are (or were) on public notice. */
export interface PublishedRound {
  roundId: number;
  name: string;
  year: number;
  version: number;
  noticeStart: string;
  noticeEnd: string;
  state: 'in-notice' | 'notice-ended' | 'final';
  stateName: string;
}

export interface PublicRating {
  roundId: number;
  name: string;
  year: number;
  version: number;
  publishedOn: string;
  noticeStart: string;
  noticeEnd: string;
  state: 'in-notice' | 'notice-ended' | 'final';
  stateName: string;
  publishedRules: string[];
  versions: { version: number; publishedAt: string; changeNote: string | null }[];
  grades: PublicGradeRow[];
}

export type SurveyScores = Record<'compliance' | 'quality' | 'fees' | 'ethics' | 'competition', number>;

export const ratingApi = {
  rounds: () => http.get<RatingRound[]>('/api/rating/rounds'),
  createRound: (body: { year: number; name: string }) => http.post<RatingRound>('/api/rating/rounds', body),
  round: (id: number) =>
    http.get<{ round: RatingRound; agencies: RatedAgency[] }>(`/api/rating/rounds/${id}`),
  progress: (id: number) => http.get<ProgressRow[]>(`/api/rating/rounds/${id}/progress`),
  takeExam: (id: number, campaignId: number) =>
    http.post<RatingRound>(`/api/rating/rounds/${id}/exam`, { campaignId }),
  publish: (id: number) => http.post<RatingRound>(`/api/rating/rounds/${id}/publish`),
  finalise: (id: number) => http.post<RatingRound>(`/api/rating/rounds/${id}/finalise`),
  sheet: (agencyId: number) => http.get<Sheet>(`/api/rating/agencies/${agencyId}/sheet`),
  addObject: (agencyId: number, body: { name: string; kind: 'statutory' | 'other' }) =>
    http.post(`/api/rating/agencies/${agencyId}/objects`, body),
  addDeduction: (
    agencyId: number,
    body: { item: number; rule: string; count: number; evidence: string; serviceObjectId?: number },
  ) => http.post<Deduction>(`/api/rating/agencies/${agencyId}/deductions`, body),
  withdrawDeduction: (id: number) => http.post(`/api/rating/deductions/${id}/withdraw`),
  evidence: (agencyId: number) => http.get<EvidenceFile[]>(`/api/rating/agencies/${agencyId}/evidence`),
  attachEvidence: (deductionId: number, fileName: string, contentBase64: string) =>
    http.post<EvidenceFile>(`/api/rating/deductions/${deductionId}/evidence`, { fileName, contentBase64 }),
  openEvidence: (f: EvidenceFile) => download(`/api/rating/evidence/${f.id}`, f.fileName),
  removeEvidence: (id: number) => http.delete<void>(`/api/rating/evidence/${id}`),
  exportConsequences: (id: number) =>
    download(`/api/rating/rounds/${id}/exports/consequences.xlsx`, '评定结果运用名单.xlsx'),
  surveyForm: (token: string) =>
    http.get<SurveyForm>(`/api/public/rating/survey/${encodeURIComponent(token)}`),
  answerSurvey: (token: string, body: { scores: SurveyScores; otherMatters?: string }) =>
    http.post<{ total: number }>(`/api/public/rating/survey/${encodeURIComponent(token)}`, body),
  publicRating: (id: number) => http.get<PublicRating>(`/api/public/rating/rounds/${id}`),
  publishedRounds: () =>
    http.get<PublishedRound[]>('/api/public/rating/rounds', { token: null }),
  fileRatingObjection: (id: number, body: { name: string; contact: string; content: string; about?: string }) =>
    http.post<{ id: number }>(`/api/public/rating/rounds/${id}/objections`, body, { token: null }),
  experts: (roundId: number) => http.get<RoundExpert[]>(`/api/rating/rounds/${roundId}/experts`),
  addExpert: (
    roundId: number,
    body: { userId: number; homeAgencyId?: number; conflictAgencyIds?: number[]; conflictNote?: string },
  ) => http.post<RoundExpert>(`/api/rating/rounds/${roundId}/experts`, body),
  assign: (ratedAgencyId: number, userId: number) =>
    http.post(`/api/rating/agencies/${ratedAgencyId}/assignments`, { userId }),
  objections: (roundId: number) => http.get<RatingObjection[]>(`/api/rating/rounds/${roundId}/objections`),
  answerObjection: (id: number, answer: string) =>
    http.post(`/api/rating/objections/${id}/answer`, { answer }),
  republish: (roundId: number, changeNote: string) =>
    http.post<RatingRound>(`/api/rating/rounds/${roundId}/republish`, { changeNote }),
  template: (kind: SubmissionKind) => download(`/api/rating/templates/${kind}`, '自查自评清单模板.xlsx'),
  uploadSubmission: (agencyId: number, body: { kind: SubmissionKind; file: string; fileName: string }) =>
    http.post<{ kind: SubmissionKind; rows: number; selfAssessedAt: string | null }>(
      `/api/rating/agencies/${agencyId}/submissions`,
      body,
    ),
  excuse: (agencyId: number, reason: string) =>
    http.post(`/api/rating/agencies/${agencyId}/excuse`, { reason }),
  closeSelfAssessment: (roundId: number) => http.post(`/api/rating/rounds/${roundId}/close-self-assessment`),
  sheetXlsx: (agencyId: number) =>
    download(`/api/rating/agencies/${agencyId}/sheet.xlsx`, '分类等级管理检查表.xlsx'),
  surveyLinks: (agencyId: number) =>
    http.get<SurveyLinkRow[]>(`/api/rating/agencies/${agencyId}/survey-links`),
  createSurveyLinks: (agencyId: number, links: { respondentType: RespondentType; label: string }[]) =>
    http.post<(SurveyLinkRow & { token: string })[]>(`/api/rating/agencies/${agencyId}/survey-links`, {
      links,
    }),
  paperSurvey: (
    agencyId: number,
    body: { respondentType: RespondentType; scores: SurveyScores; otherMatters?: string },
  ) => http.post(`/api/rating/agencies/${agencyId}/survey-paper`, body),
  addBonus: (agencyId: number, body: { points: number; reason: string; authority: string }) =>
    http.post(`/api/rating/agencies/${agencyId}/bonuses`, body),
  addVeto: (agencyId: number, body: { code: VetoCode; evidence: string }) =>
    http.post(`/api/rating/agencies/${agencyId}/vetoes`, body),
  objectDraw: (agencyId: number) =>
    http.get<ObjectDrawRecord | null>(`/api/rating/agencies/${agencyId}/object-draw`),
  fixObjectList: (agencyId: number, names: string[]) =>
    http.post<ObjectDrawRecord>(`/api/rating/agencies/${agencyId}/object-draw/list`, { names }),
  drawObject: (agencyId: number, entropy: string) =>
    http.post<ObjectDrawRecord>(`/api/rating/agencies/${agencyId}/object-draw/draw`, { entropy }),
};

export interface SurveyLinkRow {
  id: number;
  respondentType: RespondentType;
  label: string;
  usedAt?: string | null;
}

export interface ObjectDrawRecord {
  names: string[];
  listHash: string;
  commitment: string;
  entropy: string | null;
  seed: string | null;
  secret: string | null;
  drawnOrdinal: number | null;
  drawnName: string | null;
  drawnAt: string | null;
}

export interface RatingObjection {
  id: number;
  version: number;
  name: string;
  contact: string;
  content: string;
  about: string | null;
  status: 'open' | 'answered';
  answer: string | null;
  createdAt: string;
}

export interface RoundExpert {
  id: number;
  userId: number;
  homeAgencyId: number | null;
  conflictAgencyIds: number[];
  conflictNote: string | null;
}
