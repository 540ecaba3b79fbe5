import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, TextColumn, TimeColumn } from '../database/columns';
import { Attempt } from './attempt.entity';

/**
 * The latest response to one question of an attempt. Written by AnswerWriter with raw upserts: a row changes
 * only when the incoming revision is higher, so resends are harmless and an older write never wins.
 */
@Entity('answers')
@Index('uq_answers_attempt_question', ['attemptId', 'questionId'], { unique: true })
export class Answer {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'attempt_id' })
  attemptId!: number;

  @ManyToOne(() => Attempt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'fk_answers_attempt' })
  attempt?: Attempt;

  /** paper_questions.id (DeliveredQuestion.questionId). */
  @IntColumn({ name: 'question_id' })
  questionId!: number;

  /** JSON of the response as given (true/false, "B", ["A","C"]) or null when the candidate cleared it. */
  @TextColumn()
  response!: string;

  /** The client's per-question counter; only a higher one replaces the stored response. */
  @IntColumn()
  revision!: number;

  @TimeColumn({ name: 'saved_at' })
  savedAt!: Date;
}
