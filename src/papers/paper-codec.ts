import type { AnswerValue, QuestionType } from '../question-bank/question-type';

/** A key as stored in paper_questions.answer_key: "true"/"false", "B", or "ACD" (sorted letters). */
export function encodeKey(key: AnswerValue): string {
  if (typeof key === 'boolean') {
    return key ? 'true' : 'false';
  }
  return Array.isArray(key) ? [...key].sort().join('') : key;
}

export function decodeKey(type: QuestionType, stored: string): AnswerValue {
  switch (type) {
    case 'judge':
      return stored === 'true';
    case 'single':
      return stored;
    case 'multiple':
      return [...stored].sort();
  }
}
