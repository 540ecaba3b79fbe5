import { MigrationInterface, QueryRunner, Table, TableForeignKeyOptions } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
} as const;
const campaignId = { name: 'campaign_id', type: 'integer' } as const;
const toCampaign = (name: string): TableForeignKeyOptions => ({
  name,
  columnNames: ['campaign_id'],
  referencedTableName: 'campaigns',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'NO ACTION',
});

/** Campaigns, their frozen roster snapshots (rows per agency and technician), the draw and excusals. */
export class Sampling1764300002500 implements MigrationInterface {
  name = 'Sampling1764300002500';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'year', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'settings', type: 'text' },
          { name: 'roster_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'commitment', type: 'varchar', length: '64', isNullable: true },
          { name: 'secret', type: 'varchar', length: '64', isNullable: true },
          { name: 'entropy', type: 'text', isNullable: true },
          { name: 'seed', type: 'varchar', length: '64', isNullable: true },
          { name: 'conflict_override', type: 'text', isNullable: true },
          { name: 'frozen_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'drawn_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'uq_campaigns_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_agencies',
        columns: [
          id,
          campaignId,
          { name: 'agency_id', type: 'integer' },
          { name: 'code', type: 'varchar', length: '18' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'county', type: 'varchar', length: '32' },
          { name: 'n', type: 'integer' },
          { name: 'k', type: 'integer' },
        ],
        indices: [
          { name: 'uq_campaign_agencies_code', columnNames: ['campaign_id', 'code'], isUnique: true },
        ],
        foreignKeys: [toCampaign('fk_campaign_agencies_campaign')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_technicians',
        columns: [
          id,
          campaignId,
          { name: 'technician_id', type: 'integer' },
          { name: 'agency_id', type: 'integer' },
          { name: 'agency_code', type: 'varchar', length: '18' },
          { name: 'tech_key', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '32' },
          { name: 'id_number', type: 'varchar', length: '18' },
          { name: 'masked_name', type: 'varchar', length: '32' },
          { name: 'masked_id_number', type: 'varchar', length: '18' },
          { name: 'discipline', type: 'varchar', length: '32' },
        ],
        indices: [
          { name: 'uq_campaign_technicians_key', columnNames: ['campaign_id', 'tech_key'], isUnique: true },
          {
            name: 'uq_campaign_technicians_technician',
            columnNames: ['campaign_id', 'technician_id'],
            isUnique: true,
          },
        ],
        foreignKeys: [toCampaign('fk_campaign_technicians_campaign')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_draw_entries',
        columns: [
          id,
          campaignId,
          { name: 'entry_id', type: 'integer' },
          { name: 'agency_code', type: 'varchar', length: '18' },
          { name: 'rank_hex', type: 'varchar', length: '64' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'position', type: 'integer' },
          { name: 'state', type: 'varchar', length: '16' },
        ],
        indices: [
          {
            name: 'uq_campaign_draw_entries_entry',
            columnNames: ['campaign_id', 'entry_id'],
            isUnique: true,
          },
          { name: 'ix_campaign_draw_entries_agency', columnNames: ['campaign_id', 'agency_code'] },
        ],
        foreignKeys: [toCampaign('fk_campaign_draw_entries_campaign')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_excusals',
        columns: [
          id,
          campaignId,
          { name: 'entry_id', type: 'integer' },
          { name: 'replacement_entry_id', type: 'integer', isNullable: true },
          { name: 'reason', type: 'varchar', length: '255' },
          { name: 'evidence', type: 'text' },
          { name: 'actor', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_campaign_excusals_entry', columnNames: ['campaign_id', 'entry_id'], isUnique: true },
        ],
        foreignKeys: [toCampaign('fk_campaign_excusals_campaign')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('campaign_excusals');
    await q.dropTable('campaign_draw_entries');
    await q.dropTable('campaign_technicians');
    await q.dropTable('campaign_agencies');
    await q.dropTable('campaigns');
  }
}
