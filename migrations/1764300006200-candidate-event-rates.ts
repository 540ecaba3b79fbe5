import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Per-candidate counters of reported proctoring events (the per-minute limit and the refused excess). */
export class CandidateEventRates1764300006200 implements MigrationInterface {
  name = 'CandidateEventRates1764300006200';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'candidate_event_rates',
        columns: [
          { name: 'sitting_candidate_id', type: 'integer', isPrimary: true },
          { name: 'sitting_id', type: 'integer' },
          { name: 'window_minute', type: 'integer' },
          { name: 'window_count', type: 'integer' },
          { name: 'dropped', type: 'integer', default: 0 },
        ],
        indices: [{ name: 'idx_candidate_event_rates_sitting', columnNames: ['sitting_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('candidate_event_rates');
  }
}
