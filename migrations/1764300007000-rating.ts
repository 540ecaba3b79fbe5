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

const TABLES = [
  'rating_rounds',
  'rating_agencies',
  'rating_experts',
  'rating_assignments',
  'rating_service_objects',
  'rating_deductions',
  'rating_survey_links',
  'rating_survey_responses',
  'rating_bonuses',
  'rating_vetoes',
  'rating_publications',
  'rating_published_grades',
  'rating_objections',
];

/**
 * The agency rating (临应急发〔2022〕40号 附件1–4): rounds with their frozen rules and stages, the agencies
 * rated, experts with declared conflicts and their assignments, inspected service objects, deductions with
 * evidence, the survey's one-use links and responses, bonuses, vetoes, published grades with objections.
 */
export class Rating1764300007000 implements MigrationInterface {
  name = 'Rating1764300007000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rating_rounds',
        columns: [
          id,
          int('year'),
          varchar('name', 128),
          text('rules'),
          text('stages'),
          int('exam_campaign_id', true),
          int('exam_version', true),
          time('exam_taken_at', true),
          { name: 'current_version', type: 'integer', default: 0 },
          varchar('published_on', 10, true),
          varchar('notice_start', 10, true),
          varchar('notice_end', 10, true),
          time('finalised_at', true),
          int('created_by'),
          time('created_at'),
        ],
        indices: [{ name: 'uq_rating_rounds_year', columnNames: ['year'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_agencies',
        columns: [
          id,
          int('round_id'),
          int('agency_id'),
          varchar('code', 18),
          varchar('name', 128),
          varchar('county', 32),
          varchar('status', 16),
          text('status_reason', true),
          int('exam_component', true),
          time('self_assessed_at', true),
          time('created_at'),
        ],
        indices: [{ name: 'uq_rating_agencies', columnNames: ['round_id', 'agency_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_experts',
        columns: [
          id,
          int('round_id'),
          int('user_id'),
          int('home_agency_id', true),
          text('conflict_agency_ids'),
          text('conflict_note', true),
          int('created_by'),
          time('created_at'),
        ],
        indices: [{ name: 'uq_rating_experts', columnNames: ['round_id', 'user_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_assignments',
        columns: [
          id,
          int('round_id'),
          int('rated_agency_id'),
          int('user_id'),
          int('created_by'),
          time('created_at'),
        ],
        indices: [
          { name: 'uq_rating_assignments', columnNames: ['rated_agency_id', 'user_id'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_service_objects',
        columns: [
          id,
          int('rated_agency_id'),
          varchar('name', 128),
          varchar('kind', 16),
          int('created_by'),
          time('created_at'),
        ],
        indices: [{ name: 'idx_rating_service_objects_agency', columnNames: ['rated_agency_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_deductions',
        columns: [
          id,
          int('rated_agency_id'),
          int('service_object_id', true),
          int('item'),
          varchar('rule', 48),
          int('occurrences'),
          text('evidence'),
          int('recorded_by'),
          varchar('recorded_by_name', 64),
          time('created_at'),
          time('withdrawn_at', true),
          int('withdrawn_by', true),
        ],
        indices: [{ name: 'idx_rating_deductions_agency', columnNames: ['rated_agency_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_survey_links',
        columns: [
          id,
          int('rated_agency_id'),
          varchar('respondent_type', 24),
          varchar('label', 128),
          varchar('token_hash', 64),
          time('used_at', true),
          int('created_by'),
          time('created_at'),
        ],
        indices: [{ name: 'uq_rating_survey_links_token', columnNames: ['token_hash'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_survey_responses',
        columns: [
          id,
          int('rated_agency_id'),
          int('link_id', true),
          varchar('channel', 8),
          varchar('respondent_type', 24),
          text('scores'),
          int('total'),
          text('other_matters', true),
          int('entered_by', true),
          time('created_at'),
        ],
        indices: [
          { name: 'idx_rating_survey_responses_agency', columnNames: ['rated_agency_id'] },
          { name: 'uq_rating_survey_responses_link', columnNames: ['link_id'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_bonuses',
        columns: [
          id,
          int('rated_agency_id'),
          int('points'),
          text('reason'),
          varchar('authority', 128),
          int('recorded_by'),
          time('created_at'),
        ],
        indices: [{ name: 'idx_rating_bonuses_agency', columnNames: ['rated_agency_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_vetoes',
        columns: [
          id,
          int('rated_agency_id'),
          varchar('code', 32),
          text('evidence'),
          int('recorded_by'),
          time('created_at'),
        ],
        indices: [{ name: 'idx_rating_vetoes_agency', columnNames: ['rated_agency_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_publications',
        columns: [
          id,
          int('round_id'),
          int('version'),
          text('change_note', true),
          int('published_by'),
          time('published_at'),
        ],
        indices: [{ name: 'uq_rating_publications', columnNames: ['round_id', 'version'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_published_grades',
        columns: [
          id,
          int('round_id'),
          int('version'),
          int('rated_agency_id'),
          varchar('agency_name', 128),
          varchar('county', 32),
          text('parts'),
          int('sheet', true),
          int('bonus'),
          int('total', true),
          varchar('grade', 16),
          { name: 'vetoed', type: 'boolean' },
        ],
        indices: [
          {
            name: 'uq_rating_published_grades',
            columnNames: ['round_id', 'version', 'rated_agency_id'],
            isUnique: true,
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rating_objections',
        columns: [
          id,
          int('round_id'),
          int('version'),
          varchar('name', 64),
          varchar('contact', 128),
          text('content'),
          varchar('about', 200, true),
          varchar('status', 16),
          text('answer', true),
          int('answered_by', true),
          time('answered_at', true),
          time('created_at'),
        ],
        indices: [{ name: 'idx_rating_objections_round', columnNames: ['round_id', 'status'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [...TABLES].reverse()) {
      await q.dropTable(t);
    }
  }
}
