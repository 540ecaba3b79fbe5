import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Reports stored before details were capped (2 KB) keep their kind and time but lose oversized details, so that
 * the proctor's event pages are small again. Not undone by `down`: the removed text was never meant to be kept.
 */
export async function trimOversizedEventDetails(q: QueryRunner): Promise<void> {
  await q.query(
    `UPDATE proctoring_events SET details = '{"truncated":true}'
      WHERE source = 'candidate' AND details IS NOT NULL AND LENGTH(details) > 2048`,
  );
}

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
    await trimOversizedEventDetails(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('candidate_event_rates');
  }
}
