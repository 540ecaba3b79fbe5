import 'reflect-metadata';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { User } from './auth/user.entity';
import { lanUrls, renderStartupBanner, type StartupFacts } from './common/startup-banner';
import { ConfigError, validateEnv, type Env } from './config/env';
import { DatabaseStartError, prepareDatabase } from './database/prepare-database';

/** Starts one node: validate the settings, open and migrate the database, serve. Failures are one line. */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const dataSource = await prepareDatabase(
    { url: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: env.DB_POOL_SIZE },
    env.DB_MIGRATE_ON_START,
  );
  const firstAdmin = await firstAdminPassword(env, dataSource);
  const app = await createApp(env, dataSource);
  await app.listen({ port: env.PORT, host: env.HOST });
  const port = Number(new URL(await app.getUrl()).port) || env.PORT;
  const facts: StartupFacts = {
    localUrl: `http://${env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST}:${port}`,
    lanUrls: lanUrls(env.HOST, port),
    database: env.DATABASE_URL ? 'MySQL' : `SQLite ${env.SQLITE_PATH}`,
  };
  if (firstAdmin) {
    facts.admin = await confirmFirstAdmin(env, dataSource, firstAdmin);
  }
  process.stdout.write(renderStartupBanner(facts));
}

/**
 * On the first start (no administrator yet) without ADMIN_PASSWORD, the password is generated here rather
 * than by the auth module, so that the start-up banner can show it after the log lines instead of among them.
 */
async function firstAdminPassword(
  env: Env,
  dataSource: DataSource,
): Promise<{ generated: string | undefined } | undefined> {
  if ((await dataSource.getRepository(User).count({ where: { role: 'admin' } })) > 0) {
    return undefined;
  }
  if (env.ADMIN_PASSWORD) {
    return { generated: undefined };
  }
  const generated = randomBytes(12).toString('base64url');
  env.ADMIN_PASSWORD = generated;
  return { generated };
}

/**
 * The administrator as created by this start. Another node of the deployment may have created it first
 * with its own password: the generated one is shown (and saved beside the data) only if it is the one stored.
 */
async function confirmFirstAdmin(
  env: Env,
  dataSource: DataSource,
  first: { generated: string | undefined },
): Promise<StartupFacts['admin']> {
  const username = env.ADMIN_USERNAME;
  const admin = await dataSource.getRepository(User).findOne({ where: { username } });
  if (!admin) {
    return undefined;
  }
  if (!first.generated) {
    return { username };
  }
  if (!(await argon2.verify(admin.passwordHash, first.generated))) {
    return undefined;
  }
  const file = resolve(join(dirname(env.SQLITE_PATH), 'admin-password.txt'));
  let savedTo: string | null = file;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `choukao administrator (created ${new Date().toISOString()})\nusername: ${username}\npassword: ${first.generated}\n` +
        'Change the password after signing in, then delete this file.\n',
      { mode: 0o600 },
    );
  } catch {
    savedTo = null;
  }
  return { username, password: first.generated, savedTo };
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseStartError) {
    process.stderr.write(`choukao: ${err.message}\n`);
  } else {
    process.stderr.write(`choukao: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
});
