import type { AnswerValue, QuestionType } from '../question-bank/question-type';

/** What a response is checked against: the question's type and the option labels the candidate saw. */
export interface QuestionShape {
  type: QuestionType;
  /** A, B, C … as shown; empty for judge questions. */
  labels: string[];
}

export type ResponseCheck = { ok: true; value: AnswerValue | null } | { ok: false; message: string };

/**
 * Checks a response's shape and normalises it: judge true/false; single one shown label; multiple a sorted
 * list of distinct shown labels. `null` clears the answer. The content is stored as given, never graded here.
 */
export function checkResponse(q: QuestionShape, response: unknown): ResponseCheck {
  if (response === null) {
    return { ok: true, value: null };
  }
  switch (q.type) {
    case 'judge':
      return typeof response === 'boolean'
        ? { ok: true, value: response }
        : { ok: false, message: '判断题的答案须为“对”或“错”' };
    case 'single':
      return typeof response === 'string' && q.labels.includes(response)
        ? { ok: true, value: response }
        : { ok: false, message: `单选题的答案须为 ${q.labels.join('、')} 之一` };
    case 'multiple': {
      if (
        !Array.isArray(response) ||
        response.length === 0 ||
        !response.every((r): r is string => typeof r === 'string' && q.labels.includes(r)) ||
        new Set(response).size !== response.length
      ) {
        return { ok: false, message: `多选题的答案须为 ${q.labels.join('、')} 中不重复的若干项` };
      }
      return { ok: true, value: [...response].sort() };
    }
  }
}

/** Whether a stored response counts as answered (a cleared answer does not). */
export function isAnswered(storedJson: string): boolean {
  return storedJson !== 'null';
}
