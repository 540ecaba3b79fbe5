import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A sitting can be closed early (结束场次): when, by whom and why. */
export class SittingClosing1765100001000 implements MigrationInterface {
  name = 'SittingClosing1765100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('sittings', [
      new TableColumn({ name: 'closed_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'closed_by', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'close_reason', type: 'varchar', length: '500', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('sittings', 'close_reason');
    await q.dropColumn('sittings', 'closed_by');
    await q.dropColumn('sittings', 'closed_at');
  }
}
