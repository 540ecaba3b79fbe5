import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Each published version keeps the audit chain's head of its publication, printed on the public notice. */
export class PublicationAuditHead1764300006110 implements MigrationInterface {
  name = 'PublicationAuditHead1764300006110';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'publication_versions',
      new TableColumn({ name: 'audit_head', type: 'varchar', length: '80', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('publication_versions', 'audit_head');
  }
}
