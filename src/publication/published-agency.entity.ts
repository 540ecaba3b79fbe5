import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, VarcharColumn } from '../database/columns';
import type { ComponentInput } from '../scoring/agency-component.entity';

/** One row of a published agency table, frozen as published with the inputs of its component. */
@Entity('published_agencies')
@Index('uq_published_agencies', ['campaignId', 'version', 'agencyId'], { unique: true })
export class PublishedAgency {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn()
  version!: number;

  /** Rank by component (ties share it); null without a component. */
  @IntColumn({ name: 'agency_rank', nullable: true })
  rank!: number | null;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(128, { name: 'agency_name' })
  agencyName!: string;

  @IntColumn({ name: 'roster_size', nullable: true })
  rosterSize!: number | null;

  @IntColumn({ name: 'sample_size' })
  sampleSize!: number;

  /** Hundredths. */
  @IntColumn({ nullable: true })
  mean!: number | null;

  /** Hundredths of the 20 points. */
  @IntColumn({ nullable: true })
  component!: number | null;

  @VarcharColumn(160, { name: 'rule_version' })
  ruleVersion!: string;

  /** Internal: what the component was computed from (technician ids); never in a public response. */
  @JsonColumn()
  inputs!: ComponentInput[];
}
