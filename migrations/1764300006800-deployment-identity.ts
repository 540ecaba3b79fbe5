import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The deployment's own id (one row), from which the default Redis prefix is derived. */
export class DeploymentIdentity1764300006800 implements MigrationInterface {
  name = 'DeploymentIdentity1764300006800';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'deployment_identity',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'deployment_id', type: 'varchar', length: '32' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('deployment_identity');
  }
}
