import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { Env, validateEnv } from '../../src/config/env';
import { createTestDatabase, DbKind, openTestDataSource, TestDatabase, truncateAll } from './test-db';

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface TestApp {
  app: NestFastifyApplication;
  ds: DataSource;
  db: TestDatabase;
  env: Env;
  /** supertest against the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  /** Empties the tables and re-creates the administrator. */
  reset: () => Promise<void>;
  /** Signs in and returns the bearer token. */
  login: (username?: string, password?: string) => Promise<string>;
  close: () => Promise<void>;
}

export function testEnv(db: TestDatabase, overrides: Record<string, string> = {}): Env {
  return validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    SQLITE_PATH: db.sqlitePath,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'silent',
    QBANK_IMPORT_ON_START: 'false',
    LOGIN_RATE_LIMIT: '1000',
    LOOKUP_RATE_LIMIT: '1000',
    ...overrides,
  });
}

/** A whole application on its own fresh database (`name` names the MySQL database, e2e_<name>_<kind>). */
export async function createTestApp(
  kind: DbKind,
  name: string,
  overrides: Record<string, string> = {},
): Promise<TestApp> {
  const db = await createTestDatabase(kind, `${name}_${kind}`);
  const env = testEnv(db, overrides);
  const ds = await openTestDataSource(db);
  const app = await createApp(env, ds);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  const login = async (username = TEST_ADMIN.username, password = TEST_ADMIN.password) => {
    const res = await http().post('/api/auth/login').send({ username, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  };
  return {
    app,
    ds,
    db,
    env,
    http,
    login,
    reset: async () => {
      await truncateAll(ds);
      await app.get((await import('../../src/auth/auth.service')).AuthService).onApplicationBootstrap();
    },
    close: () => app.close(),
  };
}
