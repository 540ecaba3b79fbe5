import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, TextColumn, TimeColumn, VarcharColumn } from '../../database/columns';
import { jsonText } from './rating-round.entity';
import type { SubmissionKind } from '../rules/submission-lists';

/** A list submitted with the self-assessment (附件2 or 附件3), as last uploaded. */
@Entity('rating_submissions')
@Index('uq_rating_submissions', ['ratedAgencyId', 'kind'], { unique: true })
export class RatingSubmission {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @VarcharColumn(24)
  kind!: SubmissionKind;

  @VarcharColumn(200, { name: 'file_name' })
  fileName!: string;

  @IntColumn({ name: 'row_count' })
  rowCount!: number;

  @IntColumn({ name: 'uploaded_by' })
  uploadedBy!: number;

  @TimeColumn({ name: 'uploaded_at' })
  uploadedAt!: Date;
}

/** One row of a submitted list, keyed by the form's headers (one table row each: a list may be long). */
@Entity('rating_submission_rows')
@Index('idx_rating_submission_rows', ['submissionId', 'seq'])
export class RatingSubmissionRow {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'submission_id' })
  submissionId!: number;

  @IntColumn()
  seq!: number;

  @TextColumn({ name: 'cells', transformer: jsonText<Record<string, string>>() })
  cells!: Record<string, string>;
}
