import { ChildProcess, fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository root (scripts/bench/harness → ../../..). */
export const REPO_ROOT = join(__dirname, '../../..');

/** Every child the harness started, so that teardown (and Ctrl-C) ends exactly those, by pid. */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM each child we started, then SIGKILL what is left after `graceMs`. */
export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, graceMs)));
}

export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), idle(graceMs).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await Promise.race([exited, idle(2000)]);
  }
}

/** A wait that does not keep the process alive by itself. */
function idle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process (bytes), from /proc; 0 when it is gone or /proc is unavailable. */
export function rssBytes(pid: number | undefined): number {
  if (!pid) {
    return 0;
  }
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Cumulative CPU time (user + system, ms) of a process, from /proc; 0 when unavailable. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) {
    return 0;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command name; clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time (ms) of this process plus its children that have ended (utime, stime, cutime, cstime). */
export function ownTreeCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return 0;
  }
}

/** The pid of a local MariaDB/MySQL server (by process name), to account for its CPU; null if none is seen. */
export function databaseServerPid(): number | null {
  try {
    for (const e of readdirSync('/proc')) {
      if (/^\d+$/.test(e)) {
        try {
          const comm = readFileSync(`/proc/${e}/comm`, 'utf8').trim();
          if (comm === 'mariadbd' || comm === 'mysqld') {
            return Number(e);
          }
        } catch {
          /* gone meanwhile */
        }
      }
    }
  } catch {
    /* no /proc */
  }
  return null;
}

export interface Spawned {
  proc: ChildProcess;
  pid: number;
  /** Everything it printed (stdout and stderr, last 64 KB), for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

function capture(proc: ChildProcess): () => string {
  let out = '';
  const add = (d: Buffer) => {
    out += d.toString();
    if (out.length > 65536) {
      out = out.slice(-65536);
    }
  };
  proc.stdout?.on('data', add);
  proc.stderr?.on('data', add);
  return () => out;
}

/**
 * Starts `node <args>` in the repository root and resolves once a line of its output matches `ready`
 * (or rejects after `timeoutMs`, or when it exits first). The environment is `env` on top of PATH only.
 */
export async function spawnNode(
  label: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs: number,
): Promise<Spawned & { match: RegExpExecArray }> {
  const proc = track(
    spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = capture(proc);
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(proc, 1000);
      reject(new Error(`${label} did not start within ${timeoutMs} ms:\n${output().slice(-4000)}`));
    }, timeoutMs);
    const check = () => {
      const m = ready.exec(output());
      if (m) {
        clearTimeout(timer);
        proc.stdout?.off('data', check);
        proc.stderr?.off('data', check);
        resolve(m);
      }
    };
    proc.stdout?.on('data', check);
    proc.stderr?.on('data', check);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) before it was ready:\n${output().slice(-4000)}`));
    });
  });
  return { proc, pid: proc.pid ?? 0, output, stop: () => stopChild(proc), match };
}

/**
 * Runs a TypeScript module (`-r @swc-node/register`) as a forked child with an IPC channel, sends it `input`,
 * and resolves with the first message it sends back; rejects on timeout (the child is killed) or early exit.
 */
export async function runForked<I, O>(
  label: string,
  modulePath: string,
  input: I,
  timeoutMs: number,
): Promise<O> {
  const proc = track(
    fork(modulePath, [], {
      cwd: REPO_ROOT,
      execArgv: ['-r', '@swc-node/register'],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  const output = capture(proc);
  try {
    return await new Promise<O>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${label} did not finish within ${timeoutMs} ms:\n${output().slice(-4000)}`));
      }, timeoutMs);
      timer.unref();
      proc.once('message', (m: unknown) => {
        clearTimeout(timer);
        const msg = m as { error?: string; result?: O };
        if (msg.error) {
          reject(new Error(`${label}: ${msg.error}`));
        } else {
          resolve(msg.result as O);
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited (${code ?? signal}) without a result:\n${output().slice(-4000)}`));
      });
      proc.send(input as object);
    });
  } finally {
    await stopChild(proc, 2000);
  }
}

/** In a forked child: receive the input, run, send back the result (or the error), exit. */
export function serveForked<I, O>(run: (input: I) => Promise<O>): void {
  process.once('message', (input: unknown) => {
    run(input as I)
      .then((result) => process.send?.({ result }, () => process.exit(0)))
      .catch((err: unknown) =>
        process.send?.({ error: (err as Error)?.stack ?? String(err) }, () => process.exit(1)),
      );
  });
}

/** Pids of every live descendant of `root` (children, their children…), from /proc; empty without /proc. */
export function descendantPids(root: number = process.pid): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(e), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const p = frontier.pop()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid === p) {
        out.push(pid);
        frontier.push(pid);
      }
    }
  }
  return out;
}

/** Descendants of this process other than `keep` and theirs. */
function strays(keep: number[]): number[] {
  const spared = new Set(keep.flatMap((k) => [k, ...descendantPids(k)]));
  return descendantPids().filter((p) => !spared.has(p));
}

/**
 * Ends the processes this run started, directly or through a scenario (load generators a scenario forked and
 * did not end), by pid, after giving them `graceMs` to exit on their own; `keep` pids and their descendants are
 * spared. Returns how many had to be killed.
 */
export async function endStrays(keep: number[], graceMs = 2000): Promise<number> {
  const until = Date.now() + graceMs;
  while (strays(keep).length > 0 && Date.now() < until) {
    await sleep(100);
  }
  return killStrayDescendants(keep);
}

/** SIGKILLs every descendant of this process except `keep` pids and theirs. Returns how many were ended. */
export function killStrayDescendants(keep: number[] = []): number {
  let n = 0;
  for (const pid of strays(keep)) {
    try {
      process.kill(pid, 'SIGKILL');
      n++;
    } catch {
      /* already gone */
    }
  }
  return n;
}
