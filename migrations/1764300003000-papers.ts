import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
const varchar = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });
const time = (name: string) => ({ name, type: 'datetime', precision: 3 });

/** Blueprints per campaign and discipline, and frozen papers (rows of questions). */
export class Papers1764300003000 implements MigrationInterface {
  name = 'Papers1764300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'blueprints',
        columns: [
          id,
          int('campaign_id'),
          varchar('discipline', 64),
          int('total_points'),
          int('duration_minutes'),
          { name: 'sections', type: 'text' },
          int('common_points'),
          int('discipline_points'),
          { name: 'source_minimums', type: 'text' },
          int('target_difficulty_x100', true),
          int('difficulty_tolerance_x100'),
          varchar('multiple_rule', 16),
          int('pass_mark'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          {
            name: 'uq_blueprints_campaign_discipline',
            columnNames: ['campaign_id', 'discipline'],
            isUnique: true,
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'papers',
        columns: [
          id,
          int('campaign_id'),
          int('technician_id'),
          int('agency_id'),
          varchar('discipline', 64),
          varchar('seed', 64),
          varchar('pool_hash', 64),
          int('total_points'),
          int('duration_minutes'),
          varchar('multiple_rule', 16),
          int('pass_mark'),
          int('difficulty_x1000'),
          int('target_difficulty_x1000'),
          int('difficulty_tolerance_x1000'),
          time('assembled_at'),
        ],
        indices: [
          {
            name: 'uq_papers_campaign_technician',
            columnNames: ['campaign_id', 'technician_id'],
            isUnique: true,
          },
          { name: 'idx_papers_campaign_discipline', columnNames: ['campaign_id', 'discipline'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'paper_questions',
        columns: [
          id,
          int('paper_id'),
          int('position'),
          varchar('section_type', 16),
          int('item_id'),
          int('version_id'),
          varchar('option_order', 8),
          varchar('answer_key', 8),
          int('points'),
          varchar('part', 16),
          varchar('source_key', 128),
          varchar('article', 128),
          int('difficulty'),
        ],
        indices: [
          { name: 'uq_paper_questions_position', columnNames: ['paper_id', 'position'], isUnique: true },
        ],
        foreignKeys: [
          {
            name: 'fk_paper_questions_paper',
            columnNames: ['paper_id'],
            referencedTableName: 'papers',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('paper_questions');
    await q.dropTable('papers');
    await q.dropTable('blueprints');
  }
}
