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

/** Published results (versions, candidate and agency rows), objections, the lookup log, entered calendars. */
export class Publication1764300005500 implements MigrationInterface {
  name = 'Publication1764300005500';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'publications',
        columns: [
          id,
          int('campaign_id'),
          varchar('campaign_name', 128),
          int('current_version'),
          varchar('lookup_key', 64),
          varchar('published_on', 10),
          varchar('notice_start', 10),
          varchar('notice_end', 10),
          int('notice_days'),
          text('objection_instructions'),
          time('first_published_at'),
          time('finalised_at', true),
          int('finalised_by', true),
          time('created_at'),
        ],
        indices: [{ name: 'uq_publications_campaign', columnNames: ['campaign_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'publication_versions',
        columns: [
          id,
          int('campaign_id'),
          int('version'),
          time('published_at'),
          int('published_by'),
          text('change_note', true),
          int('candidates'),
          int('agencies'),
          text('rules'),
        ],
        indices: [
          { name: 'uq_publication_versions', columnNames: ['campaign_id', 'version'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'published_candidates',
        columns: [
          id,
          int('campaign_id'),
          int('version'),
          int('seq'),
          int('technician_id'),
          int('agency_id'),
          varchar('agency_name', 128),
          varchar('masked_name', 64),
          varchar('discipline', 64),
          int('score100'),
          { name: 'passed', type: 'boolean' },
          varchar('remark', 16, true),
          text('breakdown'),
          varchar('id_hash', 64),
          varchar('ticket_hash', 64, true),
        ],
        indices: [
          {
            name: 'uq_published_candidates_seq',
            columnNames: ['campaign_id', 'version', 'seq'],
            isUnique: true,
          },
          { name: 'idx_published_candidates_id', columnNames: ['campaign_id', 'version', 'id_hash'] },
          { name: 'idx_published_candidates_ticket', columnNames: ['campaign_id', 'version', 'ticket_hash'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'published_agencies',
        columns: [
          id,
          int('campaign_id'),
          int('version'),
          int('agency_rank', true),
          int('agency_id'),
          varchar('agency_name', 128),
          int('roster_size', true),
          int('sample_size'),
          int('mean', true),
          int('component', true),
          varchar('rule_version', 160),
          text('inputs'),
        ],
        indices: [
          {
            name: 'uq_published_agencies',
            columnNames: ['campaign_id', 'version', 'agency_id'],
            isUnique: true,
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'objections',
        columns: [
          id,
          int('campaign_id'),
          int('version'),
          varchar('name', 64),
          varchar('contact', 128),
          text('content'),
          varchar('target', 200, true),
          varchar('status', 16),
          text('answer', true),
          varchar('outcome', 16, true),
          int('answered_by', true),
          time('answered_at', true),
          varchar('ip', 64),
          time('created_at'),
        ],
        indices: [{ name: 'idx_objections_campaign', columnNames: ['campaign_id', 'status'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'lookup_log',
        columns: [
          id,
          int('campaign_id'),
          varchar('identity_hash', 64),
          varchar('kind', 8),
          varchar('ip', 64),
          varchar('outcome', 16),
          time('created_at'),
        ],
        indices: [{ name: 'idx_lookup_log_campaign', columnNames: ['campaign_id', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'year_calendars',
        columns: [id, int('year'), text('holidays'), text('workdays'), int('entered_by'), time('updated_at')],
        indices: [{ name: 'uq_year_calendars_year', columnNames: ['year'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('year_calendars');
    await q.dropTable('lookup_log');
    await q.dropTable('objections');
    await q.dropTable('published_agencies');
    await q.dropTable('published_candidates');
    await q.dropTable('publication_versions');
    await q.dropTable('publications');
  }
}
