import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
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
  /** SIGKILL, as a crashed or killed node: nothing flushed, no shutdown hooks. Resolves once it has exited. */
  kill: () => Promise<void>;
  /** The Node arguments it was started with (a restart uses the same). */
  args: string[];
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
  return benchApp(s, {
    port,
    env,
    args,
    spawnedAt,
    entry: dist.path ? 'dist/src/main.js' : `src/main.ts through @swc-node/register (${dist.why})`,
  });
}

function benchApp(
  s: Awaited<ReturnType<typeof spawnNode>>,
  o: { port: number; env: Record<string, string>; args: string[]; spawnedAt: number; entry: string },
): BenchApp {
  return {
    url: `http://127.0.0.1:${o.port}`,
    port: o.port,
    pid: s.pid,
    entry: o.entry,
    adminUsername: o.env.ADMIN_USERNAME,
    adminPassword: o.env.ADMIN_PASSWORD,
    env: o.env,
    rssBytes: () => rssBytes(s.pid),
    cpuMs: () => cpuMs(s.pid),
    spawnedAt: o.spawnedAt,
    output: s.output,
    stop: s.stop,
    kill: async () => {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) {
        return;
      }
      const exited = new Promise<void>((resolve) => s.proc.once('exit', () => resolve()));
      s.proc.kill('SIGKILL');
      await exited;
    },
    args: o.args,
  };
}

/** How long a restarted node took to serve again. */
export interface RestartTiming {
  /** SIGKILL until the old process had exited (ms). */
  killMs: number;
  /** Spawn of the new process until it printed that it listens (ms). */
  listenMs: number;
  /** Spawn until /health/ready first answered 200 (ms): the restart-to-serving time. */
  readyMs: number;
}

/**
 * Kills the app (SIGKILL) and starts it again with the same settings on the same database and port; measures
 * from the new spawn until `/health/ready` answers 200 (polled every 50 ms).
 */
export async function restartApp(
  prev: BenchApp,
  timeoutMs = 180_000,
): Promise<{ app: BenchApp; timing: RestartTiming }> {
  const k0 = performance.now();
  await prev.kill();
  const killMs = performance.now() - k0;
  const spawnedAt = Date.now();
  const s0 = performance.now();
  let listenMs = 0;
  let stopPolling = false;
  const ready = (async () => {
    while (!stopPolling && performance.now() - s0 < timeoutMs) {
      try {
        const res = await fetch(`${prev.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) {
          return performance.now() - s0;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  })();
  let s: Awaited<ReturnType<typeof spawnNode>>;
  try {
    s = await spawnNode('the restarted app', prev.args, prev.env, /choukao listening on/, timeoutMs);
    listenMs = performance.now() - s0;
  } catch (err) {
    stopPolling = true;
    await ready;
    throw err;
  }
  const readyMs = await ready;
  const app = benchApp(s, {
    port: prev.port,
    env: prev.env,
    args: prev.args,
    spawnedAt,
    entry: prev.entry,
  });
  if (readyMs === null) {
    throw Object.assign(new Error(`/health/ready did not answer 200 within ${timeoutMs} ms`), { app });
  }
  return { app, timing: { killMs, listenMs, readyMs } };
}
