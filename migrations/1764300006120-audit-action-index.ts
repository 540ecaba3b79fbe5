import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** Finds the audit row of an act (a campaign's draw) without reading the whole log. */
export class AuditActionIndex1764300006120 implements MigrationInterface {
  name = 'AuditActionIndex1764300006120';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'audit_log',
      new TableIndex({ name: 'ix_audit_log_action_target', columnNames: ['action', 'target'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('audit_log', 'ix_audit_log_action_target');
  }
}
