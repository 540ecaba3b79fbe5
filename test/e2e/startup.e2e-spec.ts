import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasesUnderTest, mysqlServerUrl } from '../support/test-db';

/** Starts the real entry point and returns its exit code and stderr. */
function start(env: Record<string, string>) {
  const res = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: join(__dirname, '../..'),
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'silent',
      QBANK_IMPORT_ON_START: 'false',
      PORT: '0',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stderr: res.stderr.trim() };
}

describe('start-up failures give one line and a non-zero exit', () => {
  it('names a bad setting', () => {
    const r = start({ PORT: 'eighty' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('PORT');
  });

  it('explains an unreachable MySQL server', () => {
    const r = start({ DATABASE_URL: 'mysql://root@127.0.0.1:1/choukao' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot reach MySQL at 127\.0\.0\.1:1/);
  });

  const mysqlIt = databasesUnderTest().includes('mysql') ? it : it.skip;
  mysqlIt('explains a missing database', () => {
    const r = start({ DATABASE_URL: `${mysqlServerUrl()}/no_such_db_choukao` });
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('does not exist');
  });

  it('refuses to start with pending migrations when migrating on start is off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'choukao-start-'));
    const r = start({ SQLITE_PATH: join(dir, 'x.sqlite'), DB_MIGRATE_ON_START: 'false' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pending migrations');
  });
});
