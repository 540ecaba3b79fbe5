import { Entity, Index } from 'typeorm';
import { BoolColumn, CreatedAtColumn, IdColumn, TimeColumn, VarcharColumn } from '../database/columns';

/** 技术服务机构: identified by its 统一社会信用代码. */
@Entity('agencies')
@Index('uq_agencies_code', ['code'], { unique: true })
export class Agency {
  @IdColumn()
  id!: number;

  /** 统一社会信用代码 (GB 32100, upper case). */
  @VarcharColumn(18)
  code!: string;

  @VarcharColumn(128)
  name!: string;

  /** One of the configured counties/districts. */
  @VarcharColumn(32)
  county!: string;

  @VarcharColumn(32, { name: 'contact_name', nullable: true })
  contactName!: string | null;

  @VarcharColumn(32, { name: 'contact_phone', nullable: true })
  contactPhone!: string | null;

  /** An inactive agency (closed, suspended) is left out of new roster snapshots. */
  @BoolColumn({ default: true })
  active!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
