import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';

/**
 * The draw of the one non-statutory service object inspected on site (rules/object-draw.ts): the listed names,
 * their hash and the commitment to the secret are fixed first; the entropy, the seed and the result follow.
 * The secret is shown only once the draw is made.
 */
@Entity('rating_object_draws')
@Index('uq_rating_object_draws_agency', ['ratedAgencyId'], { unique: true })
export class ObjectDraw {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  /** The agency's list, in its order. */
  @JsonColumn()
  names!: string[];

  @VarcharColumn(64, { name: 'list_hash' })
  listHash!: string;

  @VarcharColumn(64)
  secret!: string;

  @VarcharColumn(64)
  commitment!: string;

  @VarcharColumn(500, { nullable: true })
  entropy!: string | null;

  @VarcharColumn(64, { nullable: true })
  seed!: string | null;

  /** 1-based ordinal in `names`. */
  @IntColumn({ name: 'drawn_ordinal', nullable: true })
  drawnOrdinal!: number | null;

  @TimeColumn({ name: 'drawn_at', nullable: true })
  drawnAt!: Date | null;

  @IntColumn({ name: 'created_by' })
  createdBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
