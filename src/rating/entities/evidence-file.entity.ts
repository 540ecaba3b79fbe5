import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';

/**
 * A file attached as evidence to a deduction (a photo of the office, a scanned report page). The bytes are kept
 * in parts (base64, a part per TEXT column on MySQL) beside it; the SHA-256 names the content.
 */
@Entity('rating_evidence_files')
@Index('idx_rating_evidence_deduction', ['deductionId'])
export class RatingEvidenceFile {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'deduction_id' })
  deductionId!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @VarcharColumn(200, { name: 'file_name' })
  fileName!: string;

  /** application/pdf, image/png or image/jpeg, read from the bytes (never from the name). */
  @VarcharColumn(64)
  mime!: string;

  /** Bytes. */
  @IntColumn()
  size!: number;

  @VarcharColumn(64)
  sha256!: string;

  @IntColumn({ name: 'uploaded_by' })
  uploadedBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  /** A removed file stays on record (and in the audit log) but is no longer listed. */
  @TimeColumn({ name: 'removed_at', nullable: true })
  removedAt!: Date | null;
}

/** One part of an evidence file's bytes, base64, in order. */
@Entity('rating_evidence_parts')
@Index('uq_rating_evidence_parts', ['fileId', 'partNo'], { unique: true })
export class RatingEvidencePart {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'file_id' })
  fileId!: number;

  @IntColumn({ name: 'part_no' })
  partNo!: number;

  @TextColumn()
  body!: string;
}
