import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, TextColumn, VarcharColumn } from '../database/columns';
import { Campaign } from './campaign.entity';

/** A sampled technician excused for a documented reason, and who took the place (null: the agency is short). */
@Entity('campaign_excusals')
@Index('uq_campaign_excusals_entry', ['campaignId', 'entryId'], { unique: true })
export class Excusal {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_excusals_campaign' })
  campaign?: Campaign;

  /** campaign_technicians.id of the excused technician. */
  @IntColumn({ name: 'entry_id' })
  entryId!: number;

  @IntColumn({ name: 'replacement_entry_id', nullable: true })
  replacementEntryId!: number | null;

  /** 病假, 事假 … (kept from the public record, which shows only who replaced whom). */
  @VarcharColumn(255)
  reason!: string;

  /** What documents the reason (a certificate's number, who approved the leave). */
  @TextColumn()
  evidence!: string;

  /** Who recorded it ("user:3"). */
  @VarcharColumn(64)
  actor!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
