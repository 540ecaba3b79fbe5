import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../database/columns';

export type ObjectionStatus = 'open' | 'answered';
/** upheld: the objection was right (a correction follows); rejected: the result stands; other: answered otherwise. */
export type ObjectionOutcome = 'upheld' | 'rejected' | 'other';
export const OBJECTION_OUTCOMES: readonly ObjectionOutcome[] = ['upheld', 'rejected', 'other'];

/** 异议 filed by anyone during the notice period; the contact is for the answer and never published. */
@Entity('objections')
@Index('idx_objections_campaign', ['campaignId', 'status'])
export class Objection {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  /** The publication version in force when it was filed. */
  @IntColumn()
  version!: number;

  @VarcharColumn(64)
  name!: string;

  @VarcharColumn(128)
  contact!: string;

  @TextColumn()
  content!: string;

  /** What it is about, as the filer wrote it (序号, agency …). */
  @VarcharColumn(200, { nullable: true })
  target!: string | null;

  @VarcharColumn(16)
  status!: ObjectionStatus;

  @TextColumn({ nullable: true })
  answer!: string | null;

  @VarcharColumn(16, { nullable: true })
  outcome!: ObjectionOutcome | null;

  @IntColumn({ name: 'answered_by', nullable: true })
  answeredBy!: number | null;

  @TimeColumn({ name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @VarcharColumn(64)
  ip!: string;

  /** Secret code given to the filer, with which they read the answer online (null for older objections). */
  @Index('uq_objections_receipt', { unique: true })
  @VarcharColumn(32, { name: 'receipt_code', nullable: true })
  receiptCode!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
