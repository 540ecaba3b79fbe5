import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, validateEnv } from './config/env';
import { DatabaseStartError, prepareDatabase } from './database/prepare-database';

/** Starts one node: validate the settings, open and migrate the database, serve. Failures are one line. */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const dataSource = await prepareDatabase(
    { url: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: env.DB_POOL_SIZE },
    env.DB_MIGRATE_ON_START,
  );
  const app = await createApp(env, dataSource);
  await app.listen({ port: env.PORT, host: env.HOST });
  const where = env.DATABASE_URL ? 'MySQL' : `SQLite ${env.SQLITE_PATH}`;
  process.stdout.write(
    `choukao listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT} (${where})\n`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseStartError) {
    process.stderr.write(`choukao: ${err.message}\n`);
  } else {
    process.stderr.write(`choukao: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
});
