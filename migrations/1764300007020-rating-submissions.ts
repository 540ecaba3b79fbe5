import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

/**
 * The self-assessment's lists (附件2, 附件3) as uploaded, one table row per list row, and the reason an agency
 * was excused from the self-assessment deadline (otherwise 视为主动放弃).
 */
export class RatingSubmissions1764300007020 implements MigrationInterface {
  name = 'RatingSubmissions1764300007020';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rating_submissions',
        columns: [
          id,
          { name: 'rated_agency_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'file_name', type: 'varchar', length: '200' },
          { name: 'row_count', type: 'integer' },
          { name: 'uploaded_by', type: 'integer' },
          { name: 'uploaded_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_rating_submissions', columnNames: ['rated_agency_id', 'kind'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_submission_rows',
        columns: [
          id,
          { name: 'submission_id', type: 'integer' },
          { name: 'seq', type: 'integer' },
          { name: 'cells', type: 'text' },
        ],
        indices: [{ name: 'idx_rating_submission_rows', columnNames: ['submission_id', 'seq'] }],
      }),
    );
    await q.addColumn(
      'rating_agencies',
      new TableColumn({ name: 'excuse_reason', type: 'text', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('rating_agencies', 'excuse_reason');
    await q.dropTable('rating_submission_rows');
    await q.dropTable('rating_submissions');
  }
}
