import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn } from '../../database/columns';

/** An expert assigned to inspect one agency of a round. */
@Entity('rating_assignments')
@Index('uq_rating_assignments', ['ratedAgencyId', 'userId'], { unique: true })
export class RatingAssignment {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'round_id' })
  roundId!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @IntColumn({ name: 'user_id' })
  userId!: number;

  @IntColumn({ name: 'created_by' })
  createdBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
