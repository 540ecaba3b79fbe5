import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Absences recorded for drawn technicians who sat no exam (无故缺考), with the reason and who recorded them. */
export class RecordedAbsences1764300006900 implements MigrationInterface {
  name = 'RecordedAbsences1764300006900';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'recorded_absences',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'campaign_id', type: 'integer' },
          { name: 'technician_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'recorded_by', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_recorded_absences', columnNames: ['campaign_id', 'technician_id'], isUnique: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('recorded_absences');
  }
}
