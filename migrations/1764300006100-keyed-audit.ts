import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The audit chain becomes keyed (HMAC-SHA256 with AUDIT_KEY): each row records its algorithm, and the rows
 * written before stay verifiable as "sha256". The application appends a keyed row at its next start.
 */
export class KeyedAudit1764300006100 implements MigrationInterface {
  name = 'KeyedAudit1764300006100';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'audit_log',
      new TableColumn({ name: 'alg', type: 'varchar', length: '16', default: "'sha256'" }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('audit_log', 'alg');
  }
}
