import type { QueuedReason } from './review-rules';

/**
 * Raised by modules after the bank (scoring's item analysis) to put items before the reviewers: they may not
 * import the bank's services back, so the queue listens instead.
 */
export const REVIEW_ENQUEUE = 'qbank.review.enqueue';

export interface ReviewEnqueueEvent {
  itemIds: number[];
  reason: QueuedReason;
  /** One line for the reviewer, e.g. "2026年度 题目分析：区分度为负". */
  detail: string;
  /** "system" or "user:3". */
  by: string;
}
