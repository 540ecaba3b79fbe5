import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, TextColumn, VarcharColumn } from '../../database/columns';
import type { VetoCode } from '../rules/sheet';

/** 加分: an award with its reason and the authority that recognised the work. */
@Entity('rating_bonuses')
@Index('idx_rating_bonuses_agency', ['ratedAgencyId'])
export class RatingBonus {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  /** Hundredths. */
  @IntColumn()
  points!: number;

  @TextColumn()
  reason!: string;

  /** 认可部门. */
  @VarcharColumn(128)
  authority!: string;

  @IntColumn({ name: 'recorded_by' })
  recordedBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** One of the five cases of 三（六）2 found, with its evidence: the grade is 差. */
@Entity('rating_vetoes')
@Index('idx_rating_vetoes_agency', ['ratedAgencyId'])
export class RatingVeto {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @VarcharColumn(32)
  code!: VetoCode;

  @TextColumn()
  evidence!: string;

  @IntColumn({ name: 'recorded_by' })
  recordedBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
