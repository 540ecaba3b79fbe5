import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

/** Sittings, their proctors and candidates, attempts, answers and the proctoring log. */
export class Sessions1764300004000 implements MigrationInterface {
  name = 'Sessions1764300004000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sittings',
        columns: [
          id,
          { name: 'campaign_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'mode', type: 'varchar', length: '16' },
          { name: 'location', type: 'varchar', length: '128' },
          time('window_start'),
          time('window_end'),
          { name: 'duration_seconds', type: 'integer' },
          { name: 'late_entry_seconds', type: 'integer' },
          { name: 'capacity', type: 'integer' },
          { name: 'access_code', type: 'varchar', length: '16' },
          time('access_code_revealed_at', true),
          { name: 'proctoring', type: 'text' },
          time('created_at'),
        ],
        indices: [{ name: 'idx_sittings_campaign', columnNames: ['campaign_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sitting_proctors',
        columns: [id, { name: 'sitting_id', type: 'integer' }, { name: 'user_id', type: 'integer' }],
        indices: [{ name: 'uq_sitting_proctors', columnNames: ['sitting_id', 'user_id'], isUnique: true }],
        foreignKeys: [
          {
            name: 'fk_sitting_proctors_sitting',
            columnNames: ['sitting_id'],
            referencedTableName: 'sittings',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_sitting_proctors_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sitting_candidates',
        columns: [
          id,
          { name: 'sitting_id', type: 'integer' },
          { name: 'campaign_id', type: 'integer' },
          { name: 'technician_id', type: 'integer' },
          { name: 'agency_id', type: 'integer' },
          { name: 'agency_name', type: 'varchar', length: '128' },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'id_number', type: 'varchar', length: '18' },
          { name: 'discipline', type: 'varchar', length: '64' },
          { name: 'ticket_number', type: 'varchar', length: '32' },
          { name: 'seat', type: 'integer' },
          { name: 'paper_id', type: 'integer', isNullable: true },
          time('admitted_at', true),
          { name: 'admitted_by', type: 'integer', isNullable: true },
          { name: 'login_epoch', type: 'integer', default: 0 },
          time('last_login_at', true),
          time('created_at'),
        ],
        indices: [
          { name: 'uq_sitting_candidates_ticket', columnNames: ['ticket_number'], isUnique: true },
          {
            name: 'uq_sitting_candidates_technician',
            columnNames: ['campaign_id', 'technician_id'],
            isUnique: true,
          },
          { name: 'uq_sitting_candidates_seat', columnNames: ['sitting_id', 'seat'], isUnique: true },
        ],
        foreignKeys: [
          {
            name: 'fk_sitting_candidates_sitting',
            columnNames: ['sitting_id'],
            referencedTableName: 'sittings',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'attempts',
        columns: [
          id,
          { name: 'sitting_candidate_id', type: 'integer' },
          { name: 'sitting_id', type: 'integer' },
          { name: 'paper_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          time('started_at'),
          time('deadline'),
          { name: 'extension_seconds', type: 'integer', default: 0 },
          time('submitted_at', true),
          { name: 'submit_reason', type: 'varchar', length: '16', isNullable: true },
          time('voided_at', true),
          { name: 'void_reason', type: 'text', isNullable: true },
        ],
        indices: [
          { name: 'uq_attempts_candidate', columnNames: ['sitting_candidate_id'], isUnique: true },
          { name: 'idx_attempts_sitting', columnNames: ['sitting_id'] },
          { name: 'idx_attempts_status_deadline', columnNames: ['status', 'deadline'] },
        ],
        foreignKeys: [
          {
            name: 'fk_attempts_candidate',
            columnNames: ['sitting_candidate_id'],
            referencedTableName: 'sitting_candidates',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'answers',
        columns: [
          id,
          { name: 'attempt_id', type: 'integer' },
          { name: 'question_id', type: 'integer' },
          { name: 'response', type: 'text' },
          { name: 'revision', type: 'integer' },
          time('saved_at'),
        ],
        indices: [
          { name: 'uq_answers_attempt_question', columnNames: ['attempt_id', 'question_id'], isUnique: true },
        ],
        foreignKeys: [
          {
            name: 'fk_answers_attempt',
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
        name: 'proctoring_events',
        columns: [
          id,
          { name: 'sitting_id', type: 'integer' },
          { name: 'sitting_candidate_id', type: 'integer' },
          { name: 'attempt_id', type: 'integer', isNullable: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'actor_id', type: 'integer', isNullable: true },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
          time('client_at', true),
          time('at'),
        ],
        indices: [
          { name: 'idx_proctoring_events_candidate', columnNames: ['sitting_candidate_id', 'kind'] },
          { name: 'idx_proctoring_events_sitting', columnNames: ['sitting_id', 'id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('proctoring_events');
    await q.dropTable('answers');
    await q.dropTable('attempts');
    await q.dropTable('sitting_candidates');
    await q.dropTable('sitting_proctors');
    await q.dropTable('sittings');
  }
}
