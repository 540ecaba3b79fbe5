import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TextColumn,
  VarcharColumn,
} from '../../database/columns';
import type { AnswerValue, QuestionType } from '../question-type';
import { QuestionItem } from './question-item.entity';
import { QuestionSource } from './question-source.entity';

/**
 * One version of an item's content. Immutable: never updated or deleted once written, so a paper that froze
 * a version keeps exactly what its candidates saw.
 */
@Entity('qb_item_versions')
@Index('uq_qb_item_versions_item_no', ['itemId', 'versionNo'], { unique: true })
@Index('idx_qb_item_versions_source', ['sourceId'])
export class QuestionItemVersion {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  @ManyToOne(() => QuestionItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_qb_item_versions_item' })
  item?: QuestionItem;

  /** 1, 2, 3 … per item. */
  @IntColumn({ name: 'version_no' })
  versionNo!: number;

  @VarcharColumn(16)
  type!: QuestionType;

  @TextColumn()
  stem!: string;

  /** Label → text in bank order; {} for judge items. */
  @JsonColumn()
  options!: Record<string, string>;

  /** true/false, "B" or ["A","C","D"] (sorted). */
  @JsonColumn()
  answer!: AnswerValue;

  @IntColumn({ name: 'source_id' })
  sourceId!: number;

  @ManyToOne(() => QuestionSource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'fk_qb_item_versions_source' })
  source?: QuestionSource;

  /** "第二十一条" or a standard's clause. */
  @VarcharColumn(128)
  article!: string;

  /** The cited provision's words. */
  @TextColumn()
  basis!: string;

  @TextColumn({ nullable: true })
  explanation!: string | null;

  /** ["common"] or discipline codes, sorted. */
  @JsonColumn()
  disciplines!: string[];

  /** 1 (easy) … 5 (hard). */
  @IntColumn()
  difficulty!: number;

  /** SHA-256 of the content (see files/content-hash.ts): equal hashes, same content. */
  @VarcharColumn(64, { name: 'content_hash' })
  contentHash!: string;

  /** Why this version was made ("导入 laws/x.yaml", an editor's note). */
  @VarcharColumn(500, { name: 'change_note', nullable: true })
  changeNote!: string | null;

  /** "system" or "user:3". */
  @VarcharColumn(64, { name: 'created_by' })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
