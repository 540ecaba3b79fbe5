import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A secret receipt code per objection: the filer reads the answer online with it (the objection's number is
 * sequential, so it alone must not open anyone's answer). Objections filed before it have none.
 */
export class ObjectionReceipts1764300006950 implements MigrationInterface {
  name = 'ObjectionReceipts1764300006950';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'objections',
      new TableColumn({ name: 'receipt_code', type: 'varchar', length: '32', isNullable: true }),
    );
    await q.createIndex(
      'objections',
      new TableIndex({ name: 'uq_objections_receipt', columnNames: ['receipt_code'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('objections', 'uq_objections_receipt');
    await q.dropColumn('objections', 'receipt_code');
  }
}
