import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const varchar = (name: string, length: number, isNullable = false) =>
  new TableColumn({ name, type: 'varchar', length: String(length), isNullable });
const text = (name: string, isNullable = false) => new TableColumn({ name, type: 'text', isNullable });
const time = (name: string, isNullable = false) =>
  new TableColumn({ name, type: 'datetime', precision: 3, isNullable });

/**
 * Law currency and item hygiene: which rule superseded a source and from when, shared-knowledge sources,
 * recall tags and checks against the newer rule on items, enemy groups, the campaign's exam date (the date on
 * which currency is judged) and the fingerprint of the last imported bank files (a restart skips an unchanged
 * bank).
 */
export class BankCurrency1764300006700 implements MigrationInterface {
  name = 'BankCurrency1764300006700';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('qb_sources', [
      varchar('superseded_by', 128, true),
      varchar('superseded_from', 10, true),
      varchar('scope', 16, true),
    ]);
    await q.addColumns('qb_items', [
      new TableColumn({ name: 'recall', type: 'boolean', default: 0 }),
      text('checked_against', true),
    ]);
    await q.addColumns('campaigns', [varchar('exam_date', 10, true)]);
    await q.createTable(
      new Table({
        name: 'qb_enemy_groups',
        columns: [
          id,
          varchar('code', 64),
          varchar('reason', 500),
          text('item_codes'),
          varchar('origin', 255),
          time('updated_at'),
        ],
        indices: [{ name: 'uq_qb_enemy_groups_code', columnNames: ['code'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_import_state',
        columns: [id, varchar('files_hash', 64), time('imported_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('qb_import_state');
    await q.dropTable('qb_enemy_groups');
    await q.dropColumn('campaigns', 'exam_date');
    await q.dropColumn('qb_items', 'checked_against');
    await q.dropColumn('qb_items', 'recall');
    await q.dropColumn('qb_sources', 'scope');
    await q.dropColumn('qb_sources', 'superseded_from');
    await q.dropColumn('qb_sources', 'superseded_by');
  }
}
