/** 判断 / 单选 / 多选. */
export type QuestionType = 'judge' | 'single' | 'multiple';
export const QUESTION_TYPES: readonly QuestionType[] = ['judge', 'single', 'multiple'];

/** A key or a response: judge true/false; single one letter; multiple a sorted list of letters. */
export type AnswerValue = boolean | string | string[];

export function questionTypeName(t: QuestionType): string {
  switch (t) {
    case 'judge':
      return '判断题';
    case 'single':
      return '单选题';
    case 'multiple':
      return '多选题';
  }
}
