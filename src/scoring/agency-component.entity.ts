import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, TimeColumn, VarcharColumn } from '../database/columns';
import type { CandidateStanding } from './result-lists';

/** One sampled candidate as counted in a component (excused ones are already replaced in the sample). */
export interface ComponentInput {
  technicianId: number;
  standing: CandidateStanding;
  /** Hundredths; 0 for voided and absent. */
  score100: number;
}

/**
 * An agency's 20-point 技术人员抽考 component for a campaign: the inputs, the rule version and the result, so
 * that any published figure can be recomputed. Locked when the results become final.
 */
@Entity('agency_components')
@Index('uq_agency_components', ['campaignId', 'agencyId'], { unique: true })
export class AgencyComponentRow {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(128, { name: 'agency_name' })
  agencyName!: string;

  @VarcharColumn(18, { name: 'agency_code' })
  agencyCode!: string;

  /** N: the agency's eligible technicians in the frozen roster; null when the draw does not say. */
  @IntColumn({ name: 'roster_size', nullable: true })
  rosterSize!: number | null;

  /** k: sampled technicians (after substitutions). */
  @IntColumn({ name: 'sample_size' })
  sampleSize!: number;

  /** Candidates counted (= k). */
  @IntColumn()
  counted!: number;

  /** Sum of the counted scores, hundredths. */
  @IntColumn({ name: 'score_sum' })
  scoreSum!: number;

  /** Mean on the 100-point scale, hundredths; null without candidates. */
  @IntColumn({ nullable: true })
  mean!: number | null;

  /** The 20-point component, hundredths; null without candidates. */
  @IntColumn({ nullable: true })
  component!: number | null;

  @JsonColumn()
  inputs!: ComponentInput[];

  @VarcharColumn(160, { name: 'rule_version' })
  ruleVersion!: string;

  @TimeColumn({ name: 'computed_at' })
  computedAt!: Date;

  @TimeColumn({ name: 'locked_at', nullable: true })
  lockedAt!: Date | null;
}
