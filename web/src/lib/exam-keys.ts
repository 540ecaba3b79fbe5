/**
 * Keyboard answering on the exam page: A–E pick an option (toggle on multiple choice; on judge A is 正确 and
 * B is 错误), ← / → move between questions. Pure, so that the mapping is tested without a browser.
 */

export type KeyAction =
  { kind: 'choose'; label: string } | { kind: 'prev' } | { kind: 'next' } | { kind: 'flag' } | null;

export interface KeyContext {
  /** Option labels of the current question as shown (judge: A, B). */
  labels: readonly string[];
  /** Keys typed into a text field or with a modifier are not answers. */
  inTextField?: boolean;
  ctrlOrMeta?: boolean;
  altKey?: boolean;
}

export function keyAction(key: string, ctx: KeyContext): KeyAction {
  if (ctx.inTextField || ctx.ctrlOrMeta || ctx.altKey) {
    return null;
  }
  if (key === 'ArrowLeft' || key === 'PageUp') {
    return { kind: 'prev' };
  }
  if (key === 'ArrowRight' || key === 'PageDown') {
    return { kind: 'next' };
  }
  if (key.length === 1) {
    const label = key.toUpperCase();
    if (label >= 'A' && label <= 'E' && ctx.labels.includes(label)) {
      return { kind: 'choose', label };
    }
  }
  return null;
}

export type NavStatus = 'answered' | 'unanswered' | 'flagged';

/** How a question's cell in the navigation grid looks: flagged wins over answered. */
export function navStatus(answered: boolean, flagged: boolean): NavStatus {
  if (flagged) {
    return 'flagged';
  }
  return answered ? 'answered' : 'unanswered';
}
