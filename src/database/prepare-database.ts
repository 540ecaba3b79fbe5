import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  DatabaseSettings,
  describeDatabaseError,
  detectMysqlFlavor,
} from './database-options';

export class DatabaseStartError extends Error {}

/**
 * Opens the database, applies pending migrations (or, when that is turned off, refuses to start with pending
 * ones), and hands back the open data source for the application to use. Failures become one readable line.
 */
export async function prepareDatabase(settings: DatabaseSettings, migrate: boolean): Promise<DataSource> {
  let ds: DataSource;
  try {
    const flavor = settings.url ? (settings.flavor ?? (await detectMysqlFlavor(settings.url))) : undefined;
    ds = new DataSource(buildDataSourceOptions({ ...settings, flavor }));
    await ds.initialize();
  } catch (err) {
    throw new DatabaseStartError(describeDatabaseError(err, settings));
  }
  try {
    if (migrate) {
      await ds.runMigrations({ transaction: 'each' });
    } else if (await ds.showMigrations()) {
      throw new DatabaseStartError(
        'The database has pending migrations and DB_MIGRATE_ON_START=false: run `npm run migration:run` first.',
      );
    }
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    if (err instanceof DatabaseStartError) {
      throw err;
    }
    throw new DatabaseStartError(`Migration failed: ${(err as Error).message}`);
  }
  return ds;
}
