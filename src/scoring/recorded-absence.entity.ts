import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, VarcharColumn } from '../database/columns';

/**
 * An absence recorded by an administrator for a drawn technician who sat no exam (无故缺考): the reason and who
 * recorded it. Without such a record (or a placement, or an excusal with a substitute) results are refused,
 * so that no one is scored 0 only because nobody placed them.
 */
@Entity('recorded_absences')
@Index('uq_recorded_absences', ['campaignId', 'technicianId'], { unique: true })
export class RecordedAbsence {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  /** 'unexcused' (无故缺考, counts 0). Excused absences are excusals with a substitute (sampling). */
  @VarcharColumn(16)
  kind!: 'unexcused';

  @VarcharColumn(500)
  reason!: string;

  /** "user:3". */
  @VarcharColumn(64, { name: 'recorded_by' })
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
