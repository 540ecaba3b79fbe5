import type { KeyedQuestion, MultipleRule } from '../papers/paper-view';
import type { AnswerValue, QuestionType } from '../question-bank/question-type';

/** Points are kept in hundredths (integers) so that sums and rounding are exact. */
export type Centi = number;

export interface QuestionGrade {
  questionId: number;
  earned: Centi;
  max: Centi;
  /** 'correct', 'partial' (multiple, incomplete without a wrong option), 'wrong', 'blank'. */
  outcome: 'correct' | 'partial' | 'wrong' | 'blank';
}

export interface Subtotal {
  earned: Centi;
  max: Centi;
}

export interface PaperGrade {
  /** Points earned, hundredths of a point (8550 = 85.50). */
  earned: Centi;
  max: Centi;
  /** Score on the 100-point scale, hundredths (earned / max × 100 points), rounded half-up. */
  score100: Centi;
  bySection: Record<QuestionType, Subtotal>;
  bySource: Record<string, Subtotal>;
  byPart: Record<'common' | 'discipline', Subtotal>;
  questions: QuestionGrade[];
}

/** Version of the grading rules, stored with every grade so that a published figure can be recomputed. */
export const GRADING_RULE_VERSION = 'grade-paper/1';

/** Credit per correct option chosen under the partial rule (注册安全工程师 exam: 0.5 point). */
const PARTIAL_PER_OPTION: Centi = 50;

function normaliseChoice(v: AnswerValue | null | undefined): string[] {
  if (Array.isArray(v)) {
    return [...new Set(v)].sort();
  }
  return typeof v === 'string' && v !== '' ? [v] : [];
}

/**
 * Grades one question. Judge and single: the key or nothing. Multiple: 'all-or-nothing' gives the points
 * only for exactly the key; 'partial' gives 0 for any wrong option, the points for exactly the key, and for
 * an incomplete choice 0.5 per correct option chosen, never reaching the full points.
 */
export function gradeQuestion(
  q: Pick<KeyedQuestion, 'questionId' | 'type' | 'points' | 'key'>,
  response: AnswerValue | null | undefined,
  rule: MultipleRule,
): QuestionGrade {
  const max = Math.round(q.points * 100);
  // Object literals, not spreads of a shared base: spreading costs microseconds per call in V8, and a campaign
  // grades close to a million questions at once.
  const questionId = q.questionId;
  if (
    response === null ||
    response === undefined ||
    (Array.isArray(response) && response.length === 0) ||
    response === ''
  ) {
    return { questionId, max, earned: 0, outcome: 'blank' };
  }
  switch (q.type) {
    case 'judge':
    case 'single':
      return response === q.key
        ? { questionId, max, earned: max, outcome: 'correct' }
        : { questionId, max, earned: 0, outcome: 'wrong' };
    case 'multiple': {
      const key = normaliseChoice(q.key);
      const chosen = normaliseChoice(response);
      const wrong = chosen.some((c) => !key.includes(c));
      if (wrong) {
        return { questionId, max, earned: 0, outcome: 'wrong' };
      }
      if (chosen.length === key.length) {
        return { questionId, max, earned: max, outcome: 'correct' };
      }
      switch (rule) {
        case 'all-or-nothing':
          return { questionId, max, earned: 0, outcome: 'wrong' };
        case 'partial':
          return {
            questionId,
            max,
            earned: Math.min(chosen.length * PARTIAL_PER_OPTION, max - PARTIAL_PER_OPTION),
            outcome: 'partial',
          };
      }
    }
  }
}

function add(map: Record<string, Subtotal>, key: string, earned: Centi, max: Centi): void {
  const s = (map[key] ??= { earned: 0, max: 0 });
  s.earned += earned;
  s.max += max;
}

/** x / y rounded half-up, for non-negative integers. */
export function divHalfUp(x: number, y: number): number {
  return Math.floor((2 * x + y) / (2 * y));
}

/** Grades a whole paper against its frozen keys; responses are keyed by question id, in the labels shown. */
export function gradePaper(
  questions: readonly KeyedQuestion[],
  responses: ReadonlyMap<number, AnswerValue | null>,
  rule: MultipleRule,
): PaperGrade {
  const bySection = {
    judge: { earned: 0, max: 0 },
    single: { earned: 0, max: 0 },
    multiple: { earned: 0, max: 0 },
  };
  const bySource: Record<string, Subtotal> = {};
  const byPart = { common: { earned: 0, max: 0 }, discipline: { earned: 0, max: 0 } };
  const graded: QuestionGrade[] = [];
  let earned = 0;
  let max = 0;
  for (const q of questions) {
    const g = gradeQuestion(q, responses.get(q.questionId), rule);
    graded.push(g);
    earned += g.earned;
    max += g.max;
    add(bySection, q.type, g.earned, g.max);
    add(bySource, q.sourceKey, g.earned, g.max);
    add(byPart, q.part, g.earned, g.max);
  }
  return {
    earned,
    max,
    score100: max === 0 ? 0 : divHalfUp(earned * 10000, max),
    bySection,
    bySource,
    byPart,
    questions: graded,
  };
}
