import type { AnswerValue, QuestionType } from './question-type';

/**
 * One approved item as paper assembly sees it: the version frozen into a paper, and what constraints need.
 * Produced by QuestionBankService.approvedPool().
 */
export interface PoolItem {
  itemId: number;
  /** The stable id from the bank files, e.g. "wsl-0001". */
  code: string;
  /** The item version a paper freezes (versions are immutable). */
  versionId: number;
  type: QuestionType;
  /** 1 (easy) … 5 (hard). */
  difficulty: number;
  /** The cited document's key, e.g. "安全生产法". */
  sourceKey: string;
  /** "第二十一条" or a standard's clause. */
  article: string;
  /** ['common'] or discipline codes. */
  disciplines: string[];
  /** Option labels in bank order (A, B, C, D[, E]); empty for judge items. */
  optionLabels: string[];
  answer: AnswerValue;
  /**
   * The source is shared knowledge (消防法, 职业病防治法 …: `scope: shared`): even when tagged with a discipline
   * the item is not discipline-specific, so a discipline section takes it only after the specific ones.
   */
  shared?: boolean;
}

/** An approved item left out of a dated pool, and why (shown by the blueprint's capacity check). */
export interface ExcludedItem {
  itemId: number;
  code: string;
  sourceKey: string;
  article: string;
  /** ['common'] or discipline codes. */
  disciplines: string[];
  reason: string;
}

/** Items that give each other away: at most one of them in a paper. */
export interface EnemyGroupOfItems {
  code: string;
  reason: string;
  /** Item ids (approved or not: only those in the pool matter). */
  itemIds: number[];
}

/** The approved items that may be examined on one date, with those left out for currency. */
export interface DatedPool {
  /** YYYY-MM-DD. */
  date: string;
  items: PoolItem[];
  excluded: ExcludedItem[];
  enemyGroups: EnemyGroupOfItems[];
}

/** An item version as shown to a candidate (no key, basis or explanation). */
export interface ItemVersionForCandidate {
  versionId: number;
  type: QuestionType;
  stem: string;
  /** Options in bank order, label → text. */
  options: Record<string, string>;
}

/**
 * An item version with its key, basis and explanation: for grading and for administrators only, never for a
 * candidate. Produced by QuestionBankService.versionsWithKeys().
 */
export interface ItemVersionWithKey extends ItemVersionForCandidate {
  itemId: number;
  /** The stable id from the bank files, e.g. "wsl-0001". */
  code: string;
  /** 1, 2, 3 … within the item. */
  versionNo: number;
  answer: AnswerValue;
  difficulty: number;
  sourceKey: string;
  article: string;
  basis: string;
  explanation: string | null;
  /** ['common'] or discipline codes. */
  disciplines: string[];
}
