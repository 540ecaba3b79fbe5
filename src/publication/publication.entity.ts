import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../database/columns';

/**
 * A campaign's published results: the current version, the notice period (fixed at the first publication), the
 * key of the lookup hashes, and finalisation.
 */
@Entity('publications')
@Index('uq_publications_campaign', ['campaignId'], { unique: true })
export class Publication {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @VarcharColumn(128, { name: 'campaign_name' })
  campaignName!: string;

  /** The version the public sees (1, 2, …). */
  @IntColumn({ name: 'current_version' })
  currentVersion!: number;

  /** Random per campaign; keys the HMACs of name + ID number / ticket (never leaves the server). */
  @VarcharColumn(64, { name: 'lookup_key' })
  lookupKey!: string;

  /** China date of the first publication, YYYY-MM-DD. */
  @VarcharColumn(10, { name: 'published_on' })
  publishedOn!: string;

  @VarcharColumn(10, { name: 'notice_start' })
  noticeStart!: string;

  @VarcharColumn(10, { name: 'notice_end' })
  noticeEnd!: string;

  @IntColumn({ name: 'notice_days' })
  noticeDays!: number;

  /** How to object (where, how, until when), shown on the public page. */
  @TextColumn({ name: 'objection_instructions' })
  objectionInstructions!: string;

  @TimeColumn({ name: 'first_published_at' })
  firstPublishedAt!: Date;

  @TimeColumn({ name: 'finalised_at', nullable: true })
  finalisedAt!: Date | null;

  @IntColumn({ name: 'finalised_by', nullable: true })
  finalisedBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
