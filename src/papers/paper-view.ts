import type { AnswerValue, QuestionType } from '../question-bank/question-type';

/** 注安 rule (any wrong option 0; incomplete 0.5 per correct option chosen) or all-or-nothing. */
export type MultipleRule = 'partial' | 'all-or-nothing';

/** A question as a candidate receives it: shuffled options relabelled A, B, C…; never a key. */
export interface DeliveredQuestion {
  /** paper_questions.id: what answers refer to. */
  questionId: number;
  /** 1-based position in the whole paper. */
  position: number;
  type: QuestionType;
  stem: string;
  /** Options in the order shown, labelled A, B, C… as shown; empty for judge. */
  options: Array<{ label: string; text: string }>;
  points: number;
}

export interface DeliveredSection {
  type: QuestionType;
  title: string;
  pointsEach: number;
  questions: DeliveredQuestion[];
}

/** The candidate-facing paper. */
export interface DeliveredPaper {
  paperId: number;
  title: string;
  discipline: string;
  totalPoints: number;
  durationMinutes: number;
  multipleRule: MultipleRule;
  /** The scoring rule printed on the paper. */
  ruleText: string;
  sections: DeliveredSection[];
}

/** What grading needs for one question: the key in the labels the candidate saw. */
export interface KeyedQuestion {
  questionId: number;
  position: number;
  type: QuestionType;
  points: number;
  key: AnswerValue;
  itemId: number;
  versionId: number;
  sourceKey: string;
  article: string;
  /** Whether the item is a common (law) or discipline item in this paper. */
  part: 'common' | 'discipline';
}

export interface KeyedPaper {
  paperId: number;
  campaignId: number;
  technicianId: number;
  discipline: string;
  totalPoints: number;
  passMark: number;
  multipleRule: MultipleRule;
  questions: KeyedQuestion[];
}
