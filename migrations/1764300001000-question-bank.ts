import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The question bank: cited documents, items (status, current version), immutable item versions, discipline tags. */
export class QuestionBank1764300001000 implements MigrationInterface {
  name = 'QuestionBank1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'qb_sources',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'key', type: 'varchar', length: '128' },
          { name: 'title', type: 'varchar', length: '255' },
          { name: 'issuer', type: 'varchar', length: '255' },
          { name: 'document_number', type: 'varchar', length: '255', isNullable: true },
          { name: 'version_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'effective_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'law_file', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'uq_qb_sources_key', columnNames: ['key'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_items',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'code', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'current_version_id', type: 'integer', isNullable: true },
          { name: 'version_count', type: 'integer' },
          { name: 'origin', type: 'varchar', length: '255' },
          { name: 'file_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'file_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'status_reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'status_changed_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_qb_items_code', columnNames: ['code'], isUnique: true },
          { name: 'idx_qb_items_status', columnNames: ['status'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_item_versions',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'item_id', type: 'integer' },
          { name: 'version_no', type: 'integer' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'stem', type: 'text' },
          { name: 'options', type: 'text' },
          { name: 'answer', type: 'text' },
          { name: 'source_id', type: 'integer' },
          { name: 'article', type: 'varchar', length: '128' },
          { name: 'basis', type: 'text' },
          { name: 'explanation', type: 'text', isNullable: true },
          { name: 'disciplines', type: 'text' },
          { name: 'difficulty', type: 'integer' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          { name: 'change_note', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_qb_item_versions_item_no', columnNames: ['item_id', 'version_no'], isUnique: true },
          { name: 'idx_qb_item_versions_source', columnNames: ['source_id'] },
        ],
        foreignKeys: [
          {
            name: 'fk_qb_item_versions_item',
            columnNames: ['item_id'],
            referencedTableName: 'qb_items',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_qb_item_versions_source',
            columnNames: ['source_id'],
            referencedTableName: 'qb_sources',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_item_disciplines',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'item_id', type: 'integer' },
          { name: 'discipline', type: 'varchar', length: '32' },
        ],
        indices: [
          {
            name: 'uq_qb_item_disciplines_item_discipline',
            columnNames: ['item_id', 'discipline'],
            isUnique: true,
          },
          { name: 'idx_qb_item_disciplines_discipline', columnNames: ['discipline'] },
        ],
        foreignKeys: [
          {
            name: 'fk_qb_item_disciplines_item',
            columnNames: ['item_id'],
            referencedTableName: 'qb_items',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('qb_item_disciplines');
    await q.dropTable('qb_item_versions');
    await q.dropTable('qb_items');
    await q.dropTable('qb_sources');
  }
}
