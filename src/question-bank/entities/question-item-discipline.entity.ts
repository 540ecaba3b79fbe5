import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, VarcharColumn } from '../../database/columns';
import { QuestionItem } from './question-item.entity';

/** The disciplines of an item's current version, one row each, for filtering ("common" or a code). */
@Entity('qb_item_disciplines')
@Index('uq_qb_item_disciplines_item_discipline', ['itemId', 'discipline'], { unique: true })
@Index('idx_qb_item_disciplines_discipline', ['discipline'])
export class QuestionItemDiscipline {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  @ManyToOne(() => QuestionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_qb_item_disciplines_item' })
  item?: QuestionItem;

  @VarcharColumn(32)
  discipline!: string;
}
