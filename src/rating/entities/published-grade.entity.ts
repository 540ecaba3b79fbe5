import { Entity, Index } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';
import type { RatingPart, Grade } from '../rules/sheet';

/** A published version of a round's grades (the first, or a re-rating with its change note). */
@Entity('rating_publications')
@Index('uq_rating_publications', ['roundId', 'version'], { unique: true })
export class RatingPublication {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'round_id' })
  roundId!: number;

  @IntColumn()
  version!: number;

  @TextColumn({ name: 'change_note', nullable: true })
  changeNote!: string | null;

  @IntColumn({ name: 'published_by' })
  publishedBy!: number;

  @TimeColumn({ name: 'published_at' })
  publishedAt!: Date;
}

/** One agency's grade as published in a version. */
@Entity('rating_published_grades')
@Index('uq_rating_published_grades', ['roundId', 'version', 'ratedAgencyId'], { unique: true })
export class PublishedGrade {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'round_id' })
  roundId!: number;

  @IntColumn()
  version!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @VarcharColumn(128, { name: 'agency_name' })
  agencyName!: string;

  @VarcharColumn(32)
  county!: string;

  /** Hundredths per part. */
  @JsonColumn()
  parts!: Record<RatingPart, number | null>;

  /** Null when a veto made the grade 差 before the sheet was complete. */
  @IntColumn({ nullable: true })
  sheet!: number | null;

  @IntColumn()
  bonus!: number;

  @IntColumn({ nullable: true })
  total!: number | null;

  @VarcharColumn(16)
  grade!: Grade;

  @BoolColumn()
  vetoed!: boolean;
}

/** 异议 against the published grades, with its answer. */
@Entity('rating_objections')
@Index('idx_rating_objections_round', ['roundId', 'status'])
export class RatingObjection {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'round_id' })
  roundId!: number;

  @IntColumn()
  version!: number;

  @VarcharColumn(64)
  name!: string;

  /** For the answer only; never published. */
  @VarcharColumn(128)
  contact!: string;

  @TextColumn()
  content!: string;

  @VarcharColumn(200, { nullable: true })
  about!: string | null;

  @VarcharColumn(16)
  status!: 'open' | 'answered';

  @TextColumn({ nullable: true })
  answer!: string | null;

  @IntColumn({ name: 'answered_by', nullable: true })
  answeredBy!: number | null;

  @TimeColumn({ name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
