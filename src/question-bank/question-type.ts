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

/** An item's review state: only approved items enter papers; retired items are kept but never used again. */
export type ItemStatus = 'draft' | 'approved' | 'retired';
export const ITEM_STATUSES: readonly ItemStatus[] = ['draft', 'approved', 'retired'];

export function itemStatusName(s: ItemStatus): string {
  switch (s) {
    case 'draft':
      return '草稿';
    case 'approved':
      return '已批准';
    case 'retired':
      return '已停用';
  }
}

/**
 * Whether a cited document is still the version in force. `partially-superseded`: a newer rule governs where
 * the two differ (e.g. 危险化学品安全管理条例 after 危险化学品安全法 took effect), so an item stays usable only once
 * it records that it was checked against the newer rule.
 */
export type SourceStatus = 'in-force' | 'superseded' | 'partially-superseded' | 'repealed';
export const SOURCE_STATUSES: readonly SourceStatus[] = [
  'in-force',
  'superseded',
  'partially-superseded',
  'repealed',
];

/** Option labels in bank order. */
export const OPTION_LABELS = ['A', 'B', 'C', 'D', 'E'] as const;
