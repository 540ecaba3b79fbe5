import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, VarcharColumn } from '../database/columns';

/**
 * The end of the audit chain, one row (id 1). Appenders lock it, so concurrent appends queue behind one row
 * lock instead of racing for the next position.
 */
@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @IntColumn()
  seq!: number;

  @VarcharColumn(64)
  hash!: string;
}
