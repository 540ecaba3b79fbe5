import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, JsonColumn, TextColumn } from '../../database/columns';

/** An inspecting expert (检查专家) in a round with the conflicts of interest they declared. */
@Entity('rating_experts')
@Index('uq_rating_experts', ['roundId', 'userId'], { unique: true })
export class RatingExpert {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'round_id' })
  roundId!: number;

  @IntColumn({ name: 'user_id' })
  userId!: number;

  /** The roster agency the expert works for, if any: never assigned to it. */
  @IntColumn({ name: 'home_agency_id', nullable: true })
  homeAgencyId!: number | null;

  /** Other roster agencies the expert declared a conflict of interest with (former employer, relatives …). */
  @JsonColumn({ name: 'conflict_agency_ids' })
  conflictAgencyIds!: number[];

  @TextColumn({ name: 'conflict_note', nullable: true })
  conflictNote!: string | null;

  @IntColumn({ name: 'created_by' })
  createdBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
