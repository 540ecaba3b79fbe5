import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TextColumn,
  VarcharColumn,
} from '../database/columns';
import type { AnswerValue, QuestionType } from '../question-bank/question-type';

/**
 * An administrator's correction of an item version's key for one campaign, in the bank's option labels. Grading
 * applies the latest correction of each version (relabelled per paper); the papers themselves stay frozen.
 */
@Entity('key_corrections')
@Index('idx_key_corrections_campaign', ['campaignId', 'versionId'])
export class KeyCorrection {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  @IntColumn({ name: 'version_id' })
  versionId!: number;

  @VarcharColumn(16, { name: 'question_type' })
  questionType!: QuestionType;

  /** The key in force before, bank labels. */
  @JsonColumn({ name: 'old_key' })
  oldKey!: AnswerValue;

  @JsonColumn({ name: 'new_key' })
  newKey!: AnswerValue;

  @TextColumn()
  reason!: string;

  @IntColumn({ name: 'actor_id' })
  actorId!: number;

  /** Attempts whose paper holds the version. */
  @IntColumn()
  affected!: number;

  /** Of those, attempts whose score changed. */
  @IntColumn()
  changed!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
