import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
const varchar = (name: string, length: number, isNullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const text = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });
const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

const statusColumn = (length: number) =>
  new TableColumn({ name: 'status', type: 'varchar', length: String(length), isNullable: false });

/**
 * Expert review of the bank: reviewers' decisions per item version, the review queue (why an item awaits
 * review), the bank's review setting (how many reviewers approve), and official texts of sources that have no
 * law file (split into parts: a law's text is larger than a MySQL TEXT column). The sources' status column
 * grows to 32 characters so that "partially-superseded" fits on MySQL/MariaDB.
 */
export class Review1764300006600 implements MigrationInterface {
  name = 'Review1764300006600';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('qb_sources', 'status', statusColumn(32));
    await q.createTable(
      new Table({
        name: 'qb_review_decisions',
        columns: [
          id,
          int('item_id'),
          int('version_id'),
          int('version_no'),
          int('reviewer_id'),
          varchar('reviewer_name', 64),
          varchar('decision', 16),
          varchar('comment', 1000, true),
          varchar('basis_check', 16),
          varchar('checked_article', 64, true),
          varchar('channel', 16),
          time('created_at'),
        ],
        indices: [
          { name: 'idx_qb_review_decisions_item', columnNames: ['item_id'] },
          { name: 'idx_qb_review_decisions_version', columnNames: ['version_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_review_queue',
        columns: [
          id,
          int('item_id'),
          varchar('reason', 32),
          varchar('detail', 500),
          int('decision_floor'),
          varchar('created_by', 64),
          time('created_at'),
          time('resolved_at', true),
          int('resolved_by_decision', true),
        ],
        indices: [
          { name: 'idx_qb_review_queue_item', columnNames: ['item_id'] },
          { name: 'idx_qb_review_queue_resolved', columnNames: ['resolved_at'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_review_settings',
        columns: [id, int('reviewers_required'), varchar('updated_by', 64), time('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_source_texts',
        columns: [
          id,
          int('source_id'),
          varchar('version_date', 10, true),
          varchar('file_name', 255, true),
          int('chars'),
          varchar('sha256', 64),
          varchar('created_by', 64),
          time('created_at'),
        ],
        indices: [{ name: 'idx_qb_source_texts_source', columnNames: ['source_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'qb_source_text_parts',
        columns: [id, int('text_id'), int('part_no'), text('body')],
        indices: [{ name: 'uq_qb_source_text_parts', columnNames: ['text_id', 'part_no'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('qb_source_text_parts');
    await q.dropTable('qb_source_texts');
    await q.dropTable('qb_review_settings');
    await q.dropTable('qb_review_queue');
    await q.dropTable('qb_review_decisions');
    await q.changeColumn('qb_sources', 'status', statusColumn(16));
  }
}
