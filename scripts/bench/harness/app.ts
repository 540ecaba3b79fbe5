import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchDatabase } from './database';
import { cpuMs, freePort, REPO_ROOT, rssBytes, spawnNode } from './processes';

/** The Node flags `npm start` runs the app with (package.json), so that the bench measures the same process. */
export const APP_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The app under test, running as its own process. */
export interface BenchApp {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  /** How it was started: "dist/src/main.js" or "src/main.ts (swc)". */
  entry: string;
  adminUsername: string;
  adminPassword: string;
  /** The environment it was started with (secrets included: the harness only ever talks to 127.0.0.1). */
  env: Record<string, string>;
  rssBytes: () => number;
  /** CPU time used so far (user + system, ms). */
  cpuMs: () => number;
  /** Epoch ms just before the process was spawned (a CPU profile's time 0). */
  spawnedAt: number;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The settings the bench runs the app with. All load comes from 127.0.0.1, so the per-IP limits (admin login,
 * candidate login, public lookup) and the per-identity lookup limit are lifted; everything else is production.
 */
export function benchAppEnv(
  db: BenchDatabase,
  port: number,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '32',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    JWT_TTL_SECONDS: '7200',
    ADMIN_USERNAME: 'bench-admin',
    ADMIN_PASSWORD: `Bench-${randomBytes(9).toString('base64url')}`,
    LOGIN_RATE_LIMIT: '100000',
    LOOKUP_RATE_LIMIT: '100000000',
    LOOKUP_IDENTITY_LIMIT: '100000000',
    // The lookup load reports each person's own address in X-Forwarded-For, as a reverse proxy would.
    TRUST_PROXY: '127.0.0.1',
    CANDIDATE_LOGIN_IP_LIMIT: '100000000',
    CANDIDATE_LOGIN_TICKET_LIMIT: '1000',
    QBANK_IMPORT_ON_START: 'true',
    QUESTION_BANK_DIR: join(REPO_ROOT, 'question-bank'),
    LAWS_DIR: process.env.LAWS_DIR ?? join(REPO_ROOT, '../shared/laws'),
    EXAM_LOGIN_URL: `http://127.0.0.1:${port}/exam`,
  };
  if (db.kind === 'mysql') {
    env.DATABASE_URL = db.url;
  } else {
    env.SQLITE_PATH = db.path;
  }
  return { ...env, ...extra };
}

/** The newest modification time (ms) of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      newest = Math.max(newest, newestSource(p));
    } else if (e.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** dist/src/main.js when it exists and is newer than every source file (a stale build would bench old code). */
export function usableDist(): { path: string | null; why: string } {
  const dist = join(REPO_ROOT, 'dist/src/main.js');
  if (!existsSync(dist)) {
    return { path: null, why: 'no dist/ (run `npm run build` to bench the compiled app)' };
  }
  const built = statSync(dist).mtimeMs;
  const sources = Math.max(newestSource(join(REPO_ROOT, 'src')), newestSource(join(REPO_ROOT, 'migrations')));
  return sources > built
    ? { path: null, why: 'dist/ is older than src/ (run `npm run build` again); using src/ through swc' }
    : { path: dist, why: 'dist/ is up to date' };
}

/** Starts the app (the built dist if present and current, else src/main.ts through swc); waits until it listens. */
export async function startApp(
  db: BenchDatabase,
  extraEnv: Record<string, string>,
  timeoutMs = 180_000,
  profileDir?: string,
): Promise<BenchApp> {
  const port = await freePort();
  const env = benchAppEnv(db, port, extraEnv);
  const dist = usableDist();
  // With a profile directory, V8 samples the app's CPU for its whole life and writes a .cpuprofile at exit.
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = [
    ...prof,
    ...APP_NODE_FLAGS,
    ...(dist.path ? [dist.path] : ['-r', '@swc-node/register', 'src/main.ts']),
  ];
  const spawnedAt = Date.now();
  const s = await spawnNode('the app', args, env, /choukao listening on/, timeoutMs);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: s.pid,
    entry: dist.path ? 'dist/src/main.js' : `src/main.ts through @swc-node/register (${dist.why})`,
    adminUsername: env.ADMIN_USERNAME,
    adminPassword: env.ADMIN_PASSWORD,
    env,
    rssBytes: () => rssBytes(s.pid),
    cpuMs: () => cpuMs(s.pid),
    spawnedAt,
    output: s.output,
    stop: s.stop,
  };
}
