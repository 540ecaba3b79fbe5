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
 * rating: being rated; withdrawn: 视为主动放弃 (missed the self-assessment deadline unexcused, or withdrew);
 * the reason is kept.
 */
export type RatedAgencyStatus = 'rating' | 'withdrawn';

/** An agency in a round, copied from the roster when the round took it in. */
@Entity('rating_agencies')
@Index('uq_rating_agencies', ['roundId', 'agencyId'], { unique: true })
export class RatedAgency {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'round_id' })
  roundId!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(18)
  code!: string;

  @VarcharColumn(128)
  name!: string;

  @VarcharColumn(32)
  county!: string;

  @VarcharColumn(16)
  status!: RatedAgencyStatus;

  @TextColumn({ name: 'status_reason', nullable: true })
  statusReason!: string | null;

  /** Item 19, hundredths, from the finalised publication (null: the agency had no component). */
  @IntColumn({ name: 'exam_component', nullable: true })
  examComponent!: number | null;

  /** Why a missing self-assessment does not count as giving up (set by an administrator). */
  @TextColumn({ name: 'excuse_reason', nullable: true })
  excuseReason!: string | null;

  /** When the self-assessment (with 附件2/附件3) was received. */
  @TimeColumn({ name: 'self_assessed_at', nullable: true })
  selfAssessedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
