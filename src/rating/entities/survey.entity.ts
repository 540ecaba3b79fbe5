import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';
import type { SurveyScores } from '../rules/rate';

/** Who filled a 评议表 (附件4). */
export type RespondentType = 'county-bureau' | 'township-office' | 'service-object';
export const RESPONDENT_TYPES: readonly RespondentType[] = [
  'county-bureau',
  'township-office',
  'service-object',
];

/** A one-use link to the survey of one agency; only the token's SHA-256 is kept. */
@Entity('rating_survey_links')
@Index('uq_rating_survey_links_token', ['tokenHash'], { unique: true })
export class SurveyLink {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  @VarcharColumn(24, { name: 'respondent_type' })
  respondentType!: RespondentType;

  /** For the administrators: whom the link was given to (e.g. 兰山区应急局). */
  @VarcharColumn(128)
  label!: string;

  @VarcharColumn(64, { name: 'token_hash' })
  tokenHash!: string;

  @TimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @IntColumn({ name: 'created_by' })
  createdBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** A filled 评议表, online through a link or typed in from paper. */
@Entity('rating_survey_responses')
@Index('idx_rating_survey_responses_agency', ['ratedAgencyId'])
@Index('uq_rating_survey_responses_link', ['linkId'], { unique: true })
export class SurveyResponse {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'rated_agency_id' })
  ratedAgencyId!: number;

  /** The link used (one response per link, enforced by the unique key); null for a paper form. */
  @IntColumn({ name: 'link_id', nullable: true })
  linkId!: number | null;

  @VarcharColumn(8)
  channel!: 'link' | 'paper';

  @VarcharColumn(24, { name: 'respondent_type' })
  respondentType!: RespondentType;

  /** Hundredths per criterion. */
  @JsonColumn()
  scores!: SurveyScores;

  @IntColumn()
  total!: number;

  /** 企业认为应该反映的其他情况: for the administrators only, never published. */
  @TextColumn({ name: 'other_matters', nullable: true })
  otherMatters!: string | null;

  /** The staff member who typed in a paper form. */
  @IntColumn({ name: 'entered_by', nullable: true })
  enteredBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
