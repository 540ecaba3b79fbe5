import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The verifiable draw of the non-statutory service object each agency has inspected on site. */
export class RatingObjectDraws1764300007010 implements MigrationInterface {
  name = 'RatingObjectDraws1764300007010';

  async up(q: QueryRunner): Promise<void> {
    const varchar = (name: string, length: number, isNullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    await q.createTable(
      new Table({
        name: 'rating_object_draws',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'rated_agency_id', type: 'integer' },
          { name: 'names', type: 'text' },
          varchar('list_hash', 64),
          varchar('secret', 64),
          varchar('commitment', 64),
          varchar('entropy', 500, true),
          varchar('seed', 64, true),
          { name: 'drawn_ordinal', type: 'integer', isNullable: true },
          { name: 'drawn_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_by', type: 'integer' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_rating_object_draws_agency', columnNames: ['rated_agency_id'], isUnique: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rating_object_draws');
  }
}
