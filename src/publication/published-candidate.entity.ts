import { Entity, Index } from 'typeorm';
import { BoolColumn, IdColumn, IntColumn, JsonColumn, VarcharColumn } from '../database/columns';
import type { Subtotal } from '../scoring/grade-paper';

/** What the person sees of their own result (no paper, no ID number). */
export interface PublishedBreakdown {
  bySection: Partial<Record<'judge' | 'single' | 'multiple', Subtotal>>;
  byPart: Partial<Record<'common' | 'discipline', Subtotal>>;
}

/** 合格, 不合格; remark 缺考 / 违纪作废 where the score is not a paper's. */
export type PublishedRemark = 'absent' | 'voided' | null;

/**
 * One row of a published candidate list, frozen as published: masked name only, plus the HMACs that let the
 * person find their own row (see lookup-identity.ts). Never the ID number, phone or paper.
 */
@Entity('published_candidates')
@Index('uq_published_candidates_seq', ['campaignId', 'version', 'seq'], { unique: true })
@Index('idx_published_candidates_id', ['campaignId', 'version', 'idHash'])
@Index('idx_published_candidates_ticket', ['campaignId', 'version', 'ticketHash'])
export class PublishedCandidate {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn()
  version!: number;

  /** 序号, 1-based, by agency then discipline then masked name. */
  @IntColumn()
  seq!: number;

  /** Internal (objection answers, history); never in a public response. */
  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(128, { name: 'agency_name' })
  agencyName!: string;

  @VarcharColumn(64, { name: 'masked_name' })
  maskedName!: string;

  /** Discipline code. */
  @VarcharColumn(64)
  discipline!: string;

  /** Hundredths on the 100-point scale. */
  @IntColumn()
  score100!: number;

  @BoolColumn()
  passed!: boolean;

  @VarcharColumn(16, { nullable: true })
  remark!: PublishedRemark;

  @JsonColumn()
  breakdown!: PublishedBreakdown;

  @VarcharColumn(64, { name: 'id_hash' })
  idHash!: string;

  @VarcharColumn(64, { name: 'ticket_hash', nullable: true })
  ticketHash!: string | null;
}
