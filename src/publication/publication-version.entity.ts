import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, TextColumn, TimeColumn, VarcharColumn } from '../database/columns';

/** The rule versions and settings a publication was produced with. */
export interface PublishedRules {
  grading: string[];
  component: string;
  lists: string;
  expertThreshold: number;
}

/** One publication of a campaign's results; a correction adds a version with its change note. */
@Entity('publication_versions')
@Index('uq_publication_versions', ['campaignId', 'version'], { unique: true })
export class PublicationVersion {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn()
  version!: number;

  @TimeColumn({ name: 'published_at' })
  publishedAt!: Date;

  @IntColumn({ name: 'published_by' })
  publishedBy!: number;

  /** Required from version 2 on: what changed and why (e.g. the objection answered). */
  @TextColumn({ name: 'change_note', nullable: true })
  changeNote!: string | null;

  @IntColumn()
  candidates!: number;

  @IntColumn()
  agencies!: number;

  @JsonColumn()
  rules!: PublishedRules;

  /**
   * The audit chain's head once this version was recorded ("<seq>:<hash>"), printed on the notice so that the
   * public holds a copy outside the database (npm run audit:verify -- --anchor <seq>:<hash>).
   */
  @VarcharColumn(80, { name: 'audit_head', nullable: true })
  auditHead!: string | null;
}
