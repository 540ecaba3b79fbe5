import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** 系统设置: the address candidates sign in at, set by an administrator (one row). */
export class ExamSettings1765100004000 implements MigrationInterface {
  name = 'ExamSettings1765100004000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'exam_settings',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'exam_address', type: 'varchar', length: '300', isNullable: true },
          { name: 'updated_by', type: 'varchar', length: '64', isNullable: false },
          { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('exam_settings');
  }
}
