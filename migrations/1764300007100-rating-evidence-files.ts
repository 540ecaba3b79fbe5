import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

/** Files attached as evidence to the rating's deductions, their bytes in base64 parts. */
export class RatingEvidenceFiles1764300007100 implements MigrationInterface {
  name = 'RatingEvidenceFiles1764300007100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rating_evidence_files',
        columns: [
          id,
          { name: 'deduction_id', type: 'integer' },
          { name: 'rated_agency_id', type: 'integer' },
          { name: 'file_name', type: 'varchar', length: '200' },
          { name: 'mime', type: 'varchar', length: '64' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'uploaded_by', type: 'integer' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'removed_at', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [{ name: 'idx_rating_evidence_deduction', columnNames: ['deduction_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_evidence_parts',
        columns: [
          id,
          { name: 'file_id', type: 'integer' },
          { name: 'part_no', type: 'integer' },
          { name: 'body', type: 'text' },
        ],
        indices: [{ name: 'uq_rating_evidence_parts', columnNames: ['file_id', 'part_no'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rating_evidence_parts');
    await q.dropTable('rating_evidence_files');
  }
}
