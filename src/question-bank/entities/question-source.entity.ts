import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, TimeColumn, VarcharColumn } from '../../database/columns';
import type { SourceStatus } from '../question-type';

/** A cited document (law, regulation, rule, standard) with the metadata its bank file declares. */
@Entity('qb_sources')
export class QuestionSource {
  @IdColumn()
  id!: number;

  /** The short name items cite, e.g. "安全生产法", "GB 30871-2022". */
  @Index('uq_qb_sources_key', { unique: true })
  @VarcharColumn(128)
  key!: string;

  @VarcharColumn(255)
  title!: string;

  @VarcharColumn(255)
  issuer!: string;

  @VarcharColumn(255, { name: 'document_number', nullable: true })
  documentNumber!: string | null;

  /** YYYY-MM-DD: the date of the version quoted. */
  @VarcharColumn(10, { name: 'version_date', nullable: true })
  versionDate!: string | null;

  /** YYYY-MM-DD: when that version took effect. */
  @VarcharColumn(10, { name: 'effective_date', nullable: true })
  effectiveDate!: string | null;

  /** Up to 32 characters: "partially-superseded" does not fit the original 16. */
  @VarcharColumn(32)
  status!: SourceStatus;

  /** File name of the full text in LAWS_DIR; null when no full text is available. */
  @VarcharColumn(255, { name: 'law_file', nullable: true })
  lawFile!: string | null;

  /** With status superseded / partially-superseded: the key of the rule that governs instead. */
  @VarcharColumn(128, { name: 'superseded_by', nullable: true })
  supersededBy!: string | null;

  /** YYYY-MM-DD: from when the newer rule governs. */
  @VarcharColumn(10, { name: 'superseded_from', nullable: true })
  supersededFrom!: string | null;

  /** 'shared': a law every discipline shares; its items never count as discipline-specific. */
  @VarcharColumn(16, { nullable: true })
  scope!: 'shared' | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
