import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, VarcharColumn } from '../../database/columns';

/** statutory: a 法定安全评价 project (all inspected); other: the one drawn of the five the agency listed. */
export type ServiceObjectKind = 'statutory' | 'other';

/** A service object (enterprise) inspected on site for 工作实绩. */
@Entity('rating_service_objects')
@Index('idx_rating_service_objects_agency', ['ratedAgencyId'])
export class RatingServiceObject {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @VarcharColumn(128)
  name!: string;

  @VarcharColumn(16)
  kind!: ServiceObjectKind;

  @IntColumn({ name: 'created_by' })
  createdBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
