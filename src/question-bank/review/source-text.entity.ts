import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, TextColumn, VarcharColumn } from '../../database/columns';

/**
 * An official text of a source version that has no file in the law library, pasted or uploaded by a reviewer
 * or an administrator. The newest one of a source is what reviewers read and what its bases are checked against.
 */
@Entity('qb_source_texts')
@Index('idx_qb_source_texts_source', ['sourceId'])
export class SourceText {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'source_id' })
  sourceId!: number;

  /** YYYY-MM-DD: the source version the text is of (the source's versionDate when it was stored). */
  @VarcharColumn(10, { name: 'version_date', nullable: true })
  versionDate!: string | null;

  @VarcharColumn(255, { name: 'file_name', nullable: true })
  fileName!: string | null;

  /** Length in characters. */
  @IntColumn()
  chars!: number;

  /** SHA-256 of the text: an upload of the same text changes nothing. */
  @VarcharColumn(64)
  sha256!: string;

  @VarcharColumn(64, { name: 'created_by' })
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** A part of an official text, in order (a law runs past one TEXT column on MySQL). */
@Entity('qb_source_text_parts')
@Index('uq_qb_source_text_parts', ['textId', 'partNo'], { unique: true })
export class SourceTextPart {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'text_id' })
  textId!: number;

  @IntColumn({ name: 'part_no' })
  partNo!: number;

  @TextColumn()
  body!: string;
}
