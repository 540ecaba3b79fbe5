import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, VarcharColumn } from '../database/columns';
import { Campaign } from './campaign.entity';

/** 'drawn' at the draw, or on the agency's ordered substitute list. */
export type DrawOutcome = 'drawn' | 'substitute';
/** In the current sample, not (an unused substitute), or excused. */
export type SampleState = 'in' | 'out' | 'excused';

/** The draw's result for one technician of the snapshot: rank, outcome, position, and current state. */
@Entity('campaign_draw_entries')
@Index('uq_campaign_draw_entries_entry', ['campaignId', 'entryId'], { unique: true })
@Index('ix_campaign_draw_entries_agency', ['campaignId', 'agencyCode'])
export class DrawEntry {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_draw_entries_campaign' })
  campaign?: Campaign;

  /** campaign_technicians.id. */
  @IntColumn({ name: 'entry_id' })
  entryId!: number;

  @VarcharColumn(18, { name: 'agency_code' })
  agencyCode!: string;

  /** HMAC-SHA256(seed, key), hex. */
  @VarcharColumn(64, { name: 'rank_hex' })
  rankHex!: string;

  @VarcharColumn(16)
  outcome!: DrawOutcome;

  /** 1-based position in the agency's drawn list or substitute list. */
  @IntColumn()
  position!: number;

  @VarcharColumn(16)
  state!: SampleState;
}
