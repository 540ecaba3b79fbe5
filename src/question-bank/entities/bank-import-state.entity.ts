import { Entity } from 'typeorm';
import { IdColumn, TimeColumn, VarcharColumn } from '../../database/columns';

/**
 * The fingerprint of the shipped bank files as last imported (one row): a start whose files hash the same
 * skips reading, checking and planning the whole bank.
 */
@Entity('qb_import_state')
export class BankImportState {
  @IdColumn()
  id!: number;

  /** SHA-256 over every file's path and bytes (see bankFilesHash). */
  @VarcharColumn(64, { name: 'files_hash' })
  filesHash!: string;

  @TimeColumn({ name: 'imported_at' })
  importedAt!: Date;
}
