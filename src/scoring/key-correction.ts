import type { AnswerValue, QuestionType } from '../question-bank/question-type';

/** Labels shown to candidates, in display order (the papers module shows bank options as A, B, C… in order). */
const SHOWN = 'ABCDEFGH';

/**
 * A key in the bank's option labels, rewritten in the labels one candidate saw. `optionOrder` lists the bank
 * labels in display order ("CADB" shows bank option C as A). Judge keys (true/false) are not relabelled.
 */
export function bankKeyToShown(type: QuestionType, bankKey: AnswerValue, optionOrder: string): AnswerValue {
  const relabel = (bankLabel: string): string => {
    const at = optionOrder.indexOf(bankLabel);
    if (at < 0) {
      throw new RangeError(`option ${bankLabel} is not among ${optionOrder}`);
    }
    return SHOWN[at];
  };
  switch (type) {
    case 'judge':
      return bankKey;
    case 'single':
      return relabel(String(bankKey));
    case 'multiple':
      return (bankKey as string[]).map(relabel).sort();
  }
}

/**
 * Shown labels back to the bank's labels, so that responses to differently shuffled papers of the same item
 * can be counted together (option distribution). Unknown labels are kept as they are.
 */
export function shownToBank(labels: readonly string[], optionOrder: string): string[] {
  return labels
    .map((l) => {
      const at = SHOWN.indexOf(l);
      return at >= 0 && at < optionOrder.length ? optionOrder[at] : l;
    })
    .sort();
}

/** A stored response ("B", ["A","C"], true) as the list of labels chosen; judge answers as "对"/"错". */
export function chosenLabels(response: AnswerValue | null | undefined): string[] {
  if (response === null || response === undefined || response === '') {
    return [];
  }
  if (typeof response === 'boolean') {
    return [response ? '对' : '错'];
  }
  return Array.isArray(response) ? [...response] : [response];
}

/**
 * Checks a corrected key (in the bank's labels) against the item's type and options; returns the problem in
 * Chinese, or null when the key is well-formed. `bankLabels` are the item's option labels (A, B, C, D[, E]).
 */
export function keyProblem(type: QuestionType, key: unknown, bankLabels: readonly string[]): string | null {
  switch (type) {
    case 'judge':
      return typeof key === 'boolean' ? null : 'key：判断题的答案须为 true（对）或 false（错）';
    case 'single':
      return typeof key === 'string' && bankLabels.includes(key)
        ? null
        : `key：单选题的答案须为 ${bankLabels.join('、')} 之一`;
    case 'multiple':
      return Array.isArray(key) &&
        key.length >= 2 &&
        key.every((k) => typeof k === 'string' && bankLabels.includes(k)) &&
        new Set(key).size === key.length
        ? null
        : `key：多选题的答案须为 ${bankLabels.join('、')} 中不重复的至少两项`;
  }
}

/** A key in canonical form (multiple: sorted), for comparison and storage. */
export function canonicalKey(key: AnswerValue): AnswerValue {
  return Array.isArray(key) ? [...key].sort() : key;
}

export function sameKey(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(canonicalKey(a)) === JSON.stringify(canonicalKey(b));
}
