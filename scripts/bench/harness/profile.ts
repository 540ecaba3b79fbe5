import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Where the app spends its CPU during each scenario, from the V8 CPU profile the app writes when the harness
 * starts it with BENCH_PROFILE_DIR set (`node --cpu-prof`): self time by package (node_modules/<name>, the app's
 * own src/, node's internals, GC) and by function, cut to each scenario's time window. This is what the README's
 * "what limits it" rests on.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

/** The parts of a .cpuprofile used here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  /** µs */
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs between samples */
  timeDeltas: number[];
}

export interface ProfileWindow {
  name: string;
  /** ms since the profiled process started */
  fromMs: number;
  toMs: number;
}

export interface Share {
  name: string;
  ms: number;
  /** share of the window's sampled time, in percent */
  pct: number;
}

export interface WindowSummary {
  name: string;
  sampledMs: number;
  /** CPU busy in the window (not idle), in percent of one core */
  busyPct: number;
  packages: Share[];
  functions: Share[];
}

/** Which package a frame belongs to: node_modules/<pkg> (scoped too), the app's src/ or scripts/, node, V8. */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    return nm[1];
  }
  if (url.startsWith('node:')) {
    return 'node';
  }
  const app = /\/(src|dist\/src|scripts|migrations)\/([^/]+)\//.exec(url);
  if (app) {
    return `app ${app[1].replace('dist/', '')}/${app[2]}`;
  }
  return '(other)';
}

function top(map: Map<string, number>, total: number, n: number): Share[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 1000),
      pct: Math.round((us / Math.max(1, total)) * 1000) / 10,
    }));
}

/** Self time by package and by function within each window (idle time is left out of the shares). */
export function summariseProfile(profile: CpuProfile, windows: ProfileWindow[], n = 10): WindowSummary[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  return windows.map((w) => {
    const packages = new Map<string, number>();
    const functions = new Map<string, number>();
    let t = 0;
    let busy = 0;
    let sampled = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] ?? 0;
      const ms = t / 1000;
      if (ms < w.fromMs || ms > w.toMs) {
        continue;
      }
      const dt = profile.timeDeltas[i + 1] ?? 0;
      sampled += dt;
      const node = byId.get(profile.samples[i]);
      if (!node || node.callFrame.functionName === '(idle)') {
        continue;
      }
      busy += dt;
      const pkg = packageOf(node.callFrame);
      packages.set(pkg, (packages.get(pkg) ?? 0) + dt);
      const file = node.callFrame.url
        .replace(/^.*node_modules\//, '')
        .replace(/^file:\/\/.*?\/(src|scripts)\//, '$1/');
      const fn =
        `${node.callFrame.functionName || '(anonymous)'} ${file ? `${file.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}` : ''}`.trim();
      functions.set(fn, (functions.get(fn) ?? 0) + dt);
    }
    return {
      name: w.name,
      sampledMs: Math.round(sampled / 1000),
      busyPct: Math.round((busy / Math.max(1, sampled)) * 100),
      packages: top(packages, busy, n),
      functions: top(functions, busy, n),
    };
  });
}

/** The newest .cpuprofile in `dir`, or null. */
export function readNewestProfile(dir: string): CpuProfile | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const last = files[files.length - 1];
  return last ? (JSON.parse(readFileSync(join(dir, last), 'utf8')) as CpuProfile) : null;
}

export function describeWindow(s: WindowSummary): string {
  const pk = s.packages.map((p) => `${p.name} ${p.pct}%`).join(', ');
  const fn = s.functions
    .slice(0, 5)
    .map((f) => `${f.name} ${f.pct}%`)
    .join('; ');
  return `profile ${s.name}: app CPU busy ${s.busyPct}% of ${s.sampledMs} ms — by package: ${pk} — top functions: ${fn}`;
}
