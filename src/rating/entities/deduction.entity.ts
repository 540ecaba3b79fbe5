import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';

/** One deduction recorded by an expert: the rule of 附件1 it applies, how often, and the evidence. */
@Entity('rating_deductions')
@Index('idx_rating_deductions_agency', ['ratedAgencyId'])
export class RatingDeduction {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  /** The inspected service object (items 10–18); null for items 1–9. */
  @IntColumn({ name: 'service_object_id', nullable: true })
  serviceObjectId!: number | null;

  @IntColumn()
  item!: number;

  @VarcharColumn(48)
  rule!: string;

  @IntColumn({ name: 'occurrences' })
  count!: number;

  @TextColumn()
  evidence!: string;

  @IntColumn({ name: 'recorded_by' })
  recordedBy!: number;

  @VarcharColumn(64, { name: 'recorded_by_name' })
  recordedByName!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  /** A withdrawn entry no longer counts but stays on record. */
  @TimeColumn({ name: 'withdrawn_at', nullable: true })
  withdrawnAt!: Date | null;

  @IntColumn({ name: 'withdrawn_by', nullable: true })
  withdrawnBy!: number | null;
}
