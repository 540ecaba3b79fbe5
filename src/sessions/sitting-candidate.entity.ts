import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, TimeColumn, VarcharColumn } from '../database/columns';
import { Sitting } from './sitting.entity';

/**
 * A sampled technician placed in a sitting, with the snapshot of who they are (so that the admission ticket
 * and the proctor's view never depend on later roster edits), the admission ticket and the login state.
 */
@Entity('sitting_candidates')
@Index('uq_sitting_candidates_ticket', ['ticketNumber'], { unique: true })
@Index('uq_sitting_candidates_technician', ['campaignId', 'technicianId'], { unique: true })
@Index('uq_sitting_candidates_seat', ['sittingId', 'seat'], { unique: true })
export class SittingCandidate {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'sitting_id' })
  sittingId!: number;

  @ManyToOne(() => Sitting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sitting_id', foreignKeyConstraintName: 'fk_sitting_candidates_sitting' })
  sitting?: Sitting;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(128, { name: 'agency_name' })
  agencyName!: string;

  @VarcharColumn(64)
  name!: string;

  /** 居民身份证号码; shown masked everywhere but the login check. */
  @VarcharColumn(18, { name: 'id_number' })
  idNumber!: string;

  @VarcharColumn(64)
  discipline!: string;

  /** 准考证号: campaign, sitting and seat (see ticket.ts). */
  @VarcharColumn(32, { name: 'ticket_number' })
  ticketNumber!: string;

  /** 座位号, 1-based within the sitting. */
  @IntColumn()
  seat!: number;

  /** The paper assembled for this candidate, once papers are prepared. */
  @IntColumn({ name: 'paper_id', nullable: true })
  paperId!: number | null;

  @TimeColumn({ name: 'admitted_at', nullable: true })
  admittedAt!: Date | null;

  @IntColumn({ name: 'admitted_by', nullable: true })
  admittedBy!: number | null;

  /** Raised by every login; tokens and sockets of an older login are refused (the newest login takes over). */
  @IntColumn({ name: 'login_epoch', default: 0 })
  loginEpoch!: number;

  @TimeColumn({ name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
