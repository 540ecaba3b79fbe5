import { Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, TimeColumn, VarcharColumn } from '../../database/columns';

/**
 * Items that give each other away (one's stem states another's key): never two of them in one paper.
 * Declared in question-bank/enemy-groups.yaml and replaced wholesale on each import of the files.
 */
@Entity('qb_enemy_groups')
@Index('uq_qb_enemy_groups_code', ['code'], { unique: true })
export class EnemyGroup {
  @IdColumn()
  id!: number;

  /** e.g. "eg-0001". */
  @VarcharColumn(64)
  code!: string;

  @VarcharColumn(500)
  reason!: string;

  /** Item codes ("sdr-0007"), sorted. */
  @JsonColumn({ name: 'item_codes' })
  itemCodes!: string[];

  /** "file:enemy-groups.yaml". */
  @VarcharColumn(255)
  origin!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
