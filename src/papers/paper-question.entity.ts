import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, VarcharColumn } from '../database/columns';
import type { QuestionType } from '../question-bank/question-type';
import type { Part } from './plan';
import { Paper } from './paper.entity';

/** One question of a frozen paper: the item version, the shuffle and the key as delivered. */
@Entity('paper_questions')
@Index('uq_paper_questions_position', ['paperId', 'position'], { unique: true })
export class PaperQuestion {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'paper_id' })
  paperId!: number;

  @ManyToOne(() => Paper, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'paper_id', foreignKeyConstraintName: 'fk_paper_questions_paper' })
  paper?: Paper;

  /** 1-based across the whole paper. */
  @IntColumn()
  position!: number;

  @VarcharColumn(16, { name: 'section_type' })
  sectionType!: QuestionType;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  /** The frozen item version (later bank edits create new versions and leave this one as it is). */
  @IntColumn({ name: 'version_id' })
  versionId!: number;

  /** The bank's option labels in the order shown ("CADB": bank C is shown as A); empty for judge items. */
  @VarcharColumn(8, { name: 'option_order' })
  optionOrder!: string;

  /** The key in the labels shown: "true"/"false" for judge, "B" for single, "ACD" for multiple. */
  @VarcharColumn(8, { name: 'answer_key' })
  answerKey!: string;

  @IntColumn()
  points!: number;

  @VarcharColumn(16)
  part!: Part;

  @VarcharColumn(128, { name: 'source_key' })
  sourceKey!: string;

  @VarcharColumn(128)
  article!: string;

  /** The item's difficulty (1–5) in the frozen version. */
  @IntColumn()
  difficulty!: number;
}
