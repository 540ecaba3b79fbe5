import type { KeyedPaper, KeyedQuestion } from '../papers/paper-view';
import type { AnswerValue } from '../question-bank/question-type';
import { gradePaper, PaperGrade, QuestionGrade } from './grade-paper';
import { bankKeyToShown } from './key-correction';
import { passMark100 } from './result-lists';

/** A frozen question with its shuffle, so that a key corrected in bank labels can be relabelled. */
export interface FrozenQuestion extends KeyedQuestion {
  /** The bank's option labels in display order ("CADB"); empty for judge items. */
  optionOrder: string;
}

export interface FrozenPaper extends Omit<KeyedPaper, 'questions'> {
  questions: FrozenQuestion[];
}

/** The latest key correction of an item version in the campaign, in bank labels. */
export interface CorrectionInForce {
  id: number;
  versionId: number;
  key: AnswerValue;
}

/**
 * The paper's questions with every corrected key in force, relabelled into the labels this candidate saw, and
 * the ids of the corrections that touched the paper.
 */
export function correctedQuestions(
  questions: readonly FrozenQuestion[],
  corrections: ReadonlyMap<number, CorrectionInForce>,
): { questions: KeyedQuestion[]; applied: number[] } {
  const applied = new Set<number>();
  const out = questions.map((q) => {
    const c = corrections.get(q.versionId);
    if (!c) {
      return q;
    }
    applied.add(c.id);
    return { ...q, key: bankKeyToShown(q.type, c.key, q.optionOrder) };
  });
  return { questions: out, applied: [...applied].sort((a, b) => a - b) };
}

export type CreditCode = 'c' | 'p' | 'w' | 'b';

function creditCode(outcome: QuestionGrade['outcome']): CreditCode {
  switch (outcome) {
    case 'correct':
      return 'c';
    case 'partial':
      return 'p';
    case 'wrong':
      return 'w';
    case 'blank':
      return 'b';
  }
}

export interface AttemptGrade {
  status: 'graded' | 'voided';
  multipleRule: FrozenPaper['multipleRule'];
  grade: PaperGrade;
  passMark100: number;
  passed: boolean;
  /** [paper question id, earned hundredths, outcome code], in paper order; empty for a voided attempt. */
  credits: Array<[number, number, CreditCode]>;
  appliedCorrections: number[];
}

/**
 * Grades one closed attempt against its frozen paper with the key corrections in force. A voided attempt (作弊)
 * scores 0 whatever was answered; its breakdown keeps the paper's maxima.
 */
export function gradeAttempt(
  paper: FrozenPaper,
  attemptStatus: 'submitted' | 'voided',
  responses: ReadonlyMap<number, AnswerValue | null>,
  corrections: ReadonlyMap<number, CorrectionInForce>,
): AttemptGrade {
  const { questions, applied } = correctedQuestions(paper.questions, corrections);
  const mark = passMark100(paper.passMark, paper.totalPoints);
  if (attemptStatus === 'voided') {
    const grade = gradePaper(questions, new Map(), paper.multipleRule);
    return {
      status: 'voided',
      multipleRule: paper.multipleRule,
      grade,
      passMark100: mark,
      passed: false,
      credits: [],
      appliedCorrections: applied,
    };
  }
  const grade = gradePaper(questions, responses, paper.multipleRule);
  return {
    status: 'graded',
    multipleRule: paper.multipleRule,
    grade,
    passMark100: mark,
    passed: grade.score100 >= mark,
    credits: grade.questions.map((g) => [g.questionId, g.earned, creditCode(g.outcome)]),
    appliedCorrections: applied,
  };
}
