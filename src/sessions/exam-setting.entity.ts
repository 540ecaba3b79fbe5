import { Entity } from 'typeorm';
import { IdColumn, TimeColumn, VarcharColumn } from '../database/columns';

/**
 * The deployment's exam settings set under 系统设置 (one row, id 1; absent means EXAM_LOGIN_URL, else the
 * administrator's browser address).
 */
@Entity('exam_settings')
export class ExamSetting {
  @IdColumn()
  id!: number;

  /** Where candidates sign in, e.g. http://192.168.1.10:3000/exam; null: the default applies. */
  @VarcharColumn(300, { name: 'exam_address', nullable: true })
  examAddress!: string | null;

  @VarcharColumn(64, { name: 'updated_by' })
  updatedBy!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
