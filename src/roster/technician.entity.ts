import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TimeColumn,
  VarcharColumn,
} from '../database/columns';
import { Agency } from './agency.entity';

/**
 * 专业技术人员 of one agency. The same person (ID number) may have a record in several agencies: active in two
 * at once is a conflict the administrator resolves; the records are never merged.
 */
@Entity('technicians')
@Index('uq_technicians_agency_person', ['agencyId', 'idNumber'], { unique: true })
@Index('ix_technicians_id_number', ['idNumber'])
export class Technician {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_technicians_agency' })
  agency?: Agency;

  @VarcharColumn(32)
  name!: string;

  /** 居民身份证号码 (GB 11643, upper-case X). Never shown unmasked in public. */
  @VarcharColumn(18, { name: 'id_number' })
  idNumber!: string;

  /** A discipline code from the configured list (src/config/disciplines.ts). */
  @VarcharColumn(32)
  discipline!: string;

  /** 注册安全工程师, 安全评价师, titles … as written. */
  @JsonColumn()
  certificates!: string[];

  @BoolColumn({ name: 'full_time', default: true })
  fullTime!: boolean;

  /** 在职: inactive technicians are kept but left out of new roster snapshots. */
  @BoolColumn({ default: true })
  active!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
