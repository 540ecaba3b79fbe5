import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, TimeColumn, VarcharColumn } from '../../database/columns';
import type { QueuedReason } from './review-rules';

/**
 * Why an item was put back before the reviewers (its source changed, the item analysis flagged it, an
 * objection named it). New drafts need no row: every draft not sent back for change is in the queue.
 */
@Entity('qb_review_queue')
@Index('idx_qb_review_queue_item', ['itemId'])
@Index('idx_qb_review_queue_resolved', ['resolvedAt'])
export class ReviewQueueEntry {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  @VarcharColumn(32)
  reason!: QueuedReason;

  @VarcharColumn(500)
  detail!: string;

  /**
   * The highest decision id when the entry was made: only decisions after it count towards resolving it, so
   * approvals given before the source changed do not clear the item again.
   */
  @IntColumn({ name: 'decision_floor' })
  decisionFloor!: number;

  /** "system" or "user:3". */
  @VarcharColumn(64, { name: 'created_by' })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimeColumn({ name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  @IntColumn({ name: 'resolved_by_decision', nullable: true })
  resolvedByDecision!: number | null;
}
