import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Every roster hash and commitment a campaign ever published (one row per freeze). Campaigns frozen before this
 * migration get their current values as the first row, with the freeze time they carry.
 */
export class CommitmentHistory1764300006400 implements MigrationInterface {
  name = 'CommitmentHistory1764300006400';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'campaign_commitments',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'campaign_id', type: 'integer' },
          { name: 'seq', type: 'integer' },
          { name: 'roster_hash', type: 'varchar', length: '64' },
          { name: 'commitment', type: 'varchar', length: '64' },
          { name: 'published_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_campaign_commitments_seq', columnNames: ['campaign_id', 'seq'], isUnique: true },
        ],
        foreignKeys: [
          {
            name: 'fk_campaign_commitments_campaign',
            columnNames: ['campaign_id'],
            referencedTableName: 'campaigns',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.query(
      `INSERT INTO campaign_commitments (campaign_id, seq, roster_hash, commitment, published_at)
       SELECT id, 1, roster_hash, commitment, frozen_at FROM campaigns
        WHERE commitment IS NOT NULL AND roster_hash IS NOT NULL AND frozen_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('campaign_commitments');
  }
}
