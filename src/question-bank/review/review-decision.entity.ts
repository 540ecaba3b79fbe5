import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, VarcharColumn } from '../../database/columns';
import type { DecisionChannel, ReviewDecisionKind } from './review-rules';

/** One reviewer's decision on one version of an item. Never updated: the history of the item's review. */
@Entity('qb_review_decisions')
@Index('idx_qb_review_decisions_item', ['itemId'])
@Index('idx_qb_review_decisions_version', ['versionId'])
export class ReviewDecision {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  /** The version decided on: a new version starts the count of approvals afresh. */
  @IntColumn({ name: 'version_id' })
  versionId!: number;

  @IntColumn({ name: 'version_no' })
  versionNo!: number;

  @IntColumn({ name: 'reviewer_id' })
  reviewerId!: number;

  @VarcharColumn(64, { name: 'reviewer_name' })
  reviewerName!: string;

  @VarcharColumn(16)
  decision!: ReviewDecisionKind;

  @VarcharColumn(1000, { nullable: true })
  comment!: string | null;

  /** The verbatim check of the basis when the decision was made (verified / mismatch / unverifiable). */
  @VarcharColumn(16, { name: 'basis_check' })
  basisCheck!: string;

  /** For an item of a partially superseded source: the newer rule's article the reviewer checked it against. */
  @VarcharColumn(64, { name: 'checked_article', nullable: true })
  checkedArticle!: string | null;

  @VarcharColumn(16)
  channel!: DecisionChannel;

  @CreatedAtColumn()
  createdAt!: Date;
}
