import { MigrationInterface, QueryRunner, Table } from 'typeorm';

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
const bool = (name: string, isNullable = false) => ({ name, type: 'boolean', isNullable });

/** Grades and their history, key corrections, agency components, item statistics and reliability. */
export class Scoring1764300005000 implements MigrationInterface {
  name = 'Scoring1764300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'grades',
        columns: [
          id,
          int('attempt_id'),
          int('campaign_id'),
          int('sitting_id'),
          int('sitting_candidate_id'),
          int('technician_id'),
          int('agency_id'),
          int('paper_id'),
          varchar('discipline', 64),
          varchar('status', 16),
          int('earned'),
          int('max'),
          int('score100'),
          int('pass_mark100'),
          bool('passed'),
          varchar('multiple_rule', 16),
          text('by_section'),
          text('by_source'),
          text('by_part'),
          text('credits'),
          text('key_corrections'),
          varchar('rule_version', 64),
          int('revision'),
          time('graded_at'),
        ],
        indices: [
          { name: 'uq_grades_attempt', columnNames: ['attempt_id'], isUnique: true },
          { name: 'idx_grades_campaign', columnNames: ['campaign_id', 'technician_id'] },
          { name: 'idx_grades_sitting', columnNames: ['sitting_id'] },
        ],
        foreignKeys: [
          {
            name: 'fk_grades_attempt',
            columnNames: ['attempt_id'],
            referencedTableName: 'attempts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'grade_changes',
        columns: [
          id,
          int('campaign_id'),
          int('attempt_id'),
          int('technician_id'),
          varchar('cause', 32),
          int('key_correction_id', true),
          varchar('before_status', 16, true),
          varchar('after_status', 16),
          int('before_score100', true),
          int('after_score100'),
          bool('before_passed', true),
          bool('after_passed'),
          int('revision'),
          varchar('rule_version', 64),
          varchar('actor', 64),
          text('reason', true),
          time('created_at'),
        ],
        indices: [
          { name: 'idx_grade_changes_campaign', columnNames: ['campaign_id', 'id'] },
          { name: 'idx_grade_changes_attempt', columnNames: ['attempt_id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'key_corrections',
        columns: [
          id,
          int('campaign_id'),
          int('item_id'),
          int('version_id'),
          varchar('question_type', 16),
          text('old_key'),
          text('new_key'),
          text('reason'),
          int('actor_id'),
          int('affected'),
          int('changed'),
          time('created_at'),
        ],
        indices: [{ name: 'idx_key_corrections_campaign', columnNames: ['campaign_id', 'version_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'agency_components',
        columns: [
          id,
          int('campaign_id'),
          int('agency_id'),
          varchar('agency_name', 128),
          varchar('agency_code', 18),
          int('roster_size', true),
          int('sample_size'),
          int('counted'),
          int('score_sum'),
          int('mean', true),
          int('component', true),
          text('inputs'),
          varchar('rule_version', 160),
          time('computed_at'),
          time('locked_at', true),
        ],
        indices: [{ name: 'uq_agency_components', columnNames: ['campaign_id', 'agency_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'scoring_settings',
        columns: [id, int('campaign_id'), int('expert_threshold'), time('updated_at')],
        indices: [{ name: 'uq_scoring_settings_campaign', columnNames: ['campaign_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'item_statistics',
        columns: [
          id,
          int('campaign_id'),
          varchar('scope', 32),
          int('item_id'),
          int('version_id'),
          varchar('question_type', 16),
          varchar('source_key', 64),
          int('n'),
          int('facility'),
          int('discrimination_ul', true),
          int('point_biserial', true),
          text('options'),
          text('flags'),
          varchar('review_status', 16),
          text('review_note', true),
          int('reviewed_by', true),
          time('reviewed_at', true),
          time('computed_at'),
        ],
        indices: [
          { name: 'uq_item_statistics', columnNames: ['campaign_id', 'scope', 'version_id'], isUnique: true },
          { name: 'idx_item_statistics_review', columnNames: ['review_status'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'form_reliability',
        columns: [
          id,
          int('campaign_id'),
          varchar('scope', 32),
          varchar('discipline', 64),
          int('candidates'),
          int('items_per_paper'),
          int('kr20', true),
          varchar('method', 64),
          time('computed_at'),
        ],
        indices: [
          {
            name: 'uq_form_reliability',
            columnNames: ['campaign_id', 'scope', 'discipline'],
            isUnique: true,
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('form_reliability');
    await q.dropTable('item_statistics');
    await q.dropTable('scoring_settings');
    await q.dropTable('agency_components');
    await q.dropTable('key_corrections');
    await q.dropTable('grade_changes');
    await q.dropTable('grades');
  }
}
