import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../database/columns';

export type CampaignStatus = 'draft' | 'frozen' | 'drawn';

/** The settings in force for a campaign, snapshotted when it is created (changing defaults never rewrites it). */
export interface CampaignSettings {
  /** Decimal string, 0.5 ≤ ratio ≤ 1. */
  ratio: string;
  /** Only full-time (专职) technicians count towards N. */
  fullTimeOnly: boolean;
  /** The discipline list in force. */
  disciplines: Array<{ code: string; name: string }>;
  /** The draw algorithm (docs/draw.md). */
  algorithm: string;
}

/** 评定批次: a roster snapshot, a verifiable draw, and later sittings and results. */
@Entity('campaigns')
@Index('uq_campaigns_name', ['name'], { unique: true })
export class Campaign {
  @IdColumn()
  id!: number;

  @VarcharColumn(128)
  name!: string;

  @IntColumn()
  year!: number;

  @VarcharColumn(16)
  status!: CampaignStatus;

  @JsonColumn()
  settings!: CampaignSettings;

  /** SHA-256 of the canonical roster text, published at freezing. */
  @VarcharColumn(64, { name: 'roster_hash', nullable: true })
  rosterHash!: string | null;

  /** SHA-256 of the secret, published at freezing. */
  @VarcharColumn(64, { nullable: true })
  commitment!: string | null;

  /** 64 hex characters; kept from everyone until the draw, then published in the draw record. */
  @VarcharColumn(64, { nullable: true })
  secret!: string | null;

  /** The public entropy exactly as the administrator entered it. */
  @TextColumn({ nullable: true })
  entropy!: string | null;

  @VarcharColumn(64, { nullable: true })
  seed!: string | null;

  /** Why the draw went ahead although one person was active in two agencies (null: there was no conflict). */
  @TextColumn({ name: 'conflict_override', nullable: true })
  conflictOverride!: string | null;

  @TimeColumn({ name: 'frozen_at', nullable: true })
  frozenAt!: Date | null;

  @TimeColumn({ name: 'drawn_at', nullable: true })
  drawnAt!: Date | null;

  /**
   * YYYY-MM-DD: the day of the exam, on which the currency of the bank's sources is judged (null: the day
   * papers are assembled).
   */
  @VarcharColumn(10, { name: 'exam_date', nullable: true })
  examDate!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
