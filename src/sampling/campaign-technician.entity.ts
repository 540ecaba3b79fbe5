import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, VarcharColumn } from '../database/columns';
import { Campaign } from './campaign.entity';

/**
 * One eligible technician in a campaign's frozen roster: a copy of the roster row at freezing (the snapshot
 * outlives later edits) with the key and masked forms that the canonical roster and the draw record use.
 */
@Entity('campaign_technicians')
@Index('uq_campaign_technicians_key', ['campaignId', 'techKey'], { unique: true })
@Index('uq_campaign_technicians_technician', ['campaignId', 'technicianId'], { unique: true })
export class CampaignTechnician {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_technicians_campaign' })
  campaign?: Campaign;

  /** The roster technician's id at freezing (no foreign key). */
  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(18, { name: 'agency_code' })
  agencyCode!: string;

  /** `<agency code>-<4-digit ordinal>`: what the draw ranks (docs/draw.md). */
  @VarcharColumn(32, { name: 'tech_key' })
  techKey!: string;

  @VarcharColumn(32)
  name!: string;

  @VarcharColumn(18, { name: 'id_number' })
  idNumber!: string;

  @VarcharColumn(32, { name: 'masked_name' })
  maskedName!: string;

  @VarcharColumn(18, { name: 'masked_id_number' })
  maskedIdNumber!: string;

  @VarcharColumn(32)
  discipline!: string;
}
