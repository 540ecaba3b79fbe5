import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, detectMysqlFlavor } from '../../src/database/database-options';
async function main() {
  for (const url of [undefined, 'mysql://root@127.0.0.1:3306/difftest']) {
    const ds = new DataSource(
      buildDataSourceOptions({
        url,
        sqlitePath: ':memory:',
        poolSize: 2,
        flavor: url ? await detectMysqlFlavor(url) : undefined,
      }),
    );
    await ds.initialize();
    if (url) {
      await ds.dropDatabase();
    }
    await ds.runMigrations();
    const log = await ds.driver.createSchemaBuilder().log();
    console.log(
      url ?? 'sqlite',
      log.upQueries.map((q) => q.query),
    );
    await ds.destroy();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
