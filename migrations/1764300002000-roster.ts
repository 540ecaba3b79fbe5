import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Agencies and their technicians. */
export class Roster1764300002000 implements MigrationInterface {
  name = 'Roster1764300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'agencies',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'code', type: 'varchar', length: '18' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'county', type: 'varchar', length: '32' },
          { name: 'contact_name', type: 'varchar', length: '32', isNullable: true },
          { name: 'contact_phone', type: 'varchar', length: '32', isNullable: true },
          { name: 'active', type: 'boolean', default: 1 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'uq_agencies_code', columnNames: ['code'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'technicians',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'agency_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '32' },
          { name: 'id_number', type: 'varchar', length: '18' },
          { name: 'discipline', type: 'varchar', length: '32' },
          { name: 'certificates', type: 'text' },
          { name: 'full_time', type: 'boolean', default: 1 },
          { name: 'active', type: 'boolean', default: 1 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_technicians_agency_person', columnNames: ['agency_id', 'id_number'], isUnique: true },
          { name: 'ix_technicians_id_number', columnNames: ['id_number'] },
        ],
        foreignKeys: [
          {
            name: 'fk_technicians_agency',
            columnNames: ['agency_id'],
            referencedTableName: 'agencies',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('technicians');
    await q.dropTable('agencies');
  }
}
