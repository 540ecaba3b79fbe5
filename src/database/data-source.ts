import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env';
import { buildDataSourceOptions } from './database-options';

const env = validateEnv(process.env);

/** The data source the TypeORM CLI uses (npm run migration:run|revert|generate). */
export default new DataSource(
  buildDataSourceOptions({ url: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: env.DB_POOL_SIZE }),
);
