import { Entity, Index } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';
import type { CheckedAgainst } from '../files/bank-format';
import type { ItemStatus } from '../question-type';

/**
 * A question: its stable code, review status and current version. The content lives in immutable versions
 * (QuestionItemVersion); editing makes a new version and moves `currentVersionId`.
 */
@Entity('qb_items')
@Index('idx_qb_items_status', ['status'])
export class QuestionItem {
  @IdColumn()
  id!: number;

  /** The stable id of the bank files, e.g. "wsl-0001"; never reused. */
  @Index('uq_qb_items_code', { unique: true })
  @VarcharColumn(64)
  code!: string;

  @VarcharColumn(16)
  status!: ItemStatus;

  /** The version papers draw now; null only while the item is being inserted. */
  @IntColumn({ name: 'current_version_id', nullable: true })
  currentVersionId!: number | null;

  /** The number of versions (the current version's number). */
  @IntColumn({ name: 'version_count' })
  versionCount!: number;

  /** "file:laws/work-safety-law-2021.yaml" for shipped items, "admin" or "upload" for items made in the app. */
  @VarcharColumn(255)
  origin!: string;

  /**
   * The content hash and status last imported from the bank files (null for items made in the app): the
   * import changes an item only when the file changed since, so an administrator's approval or edit is not
   * undone by the next start.
   */
  @VarcharColumn(64, { name: 'file_hash', nullable: true })
  fileHash!: string | null;

  @VarcharColumn(16, { name: 'file_status', nullable: true })
  fileStatus!: ItemStatus | null;

  /** Why the status last changed (the approval or retirement reason, or the import). */
  @VarcharColumn(500, { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @TimeColumn({ name: 'status_changed_at', nullable: true })
  statusChangedAt!: Date | null;

  /** Tests only the recall of a number, date, period or drafting body (kept to a small share of a paper). */
  @BoolColumn({ default: false })
  recall!: boolean;

  /**
   * For an item of a partially superseded source: who checked it against the newer rule, when and where.
   * Without it such an item is not assembled once the newer rule governs.
   */
  @JsonColumn({ name: 'checked_against', nullable: true })
  checkedAgainst!: CheckedAgainst | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
