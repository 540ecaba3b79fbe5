/**
 * The import graph between the domain folders of src/ (roster, sampling, papers, sessions, …): which domain
 * imports which, and the cycles among them. The shared folders (common, config, database, audit, auth, health)
 * are infrastructure every domain may use; they are not part of the graph. Data should flow one way (docs/architecture.md); a cycle means two
 * domains know each other. Type-only imports count too: they couple the domains' code just the same.
 *
 *   node -r @swc-node/register scripts/dev/domain-imports.ts            # the graph and the cycles
 *   node -r @swc-node/register scripts/dev/domain-imports.ts --check    # exit 1 on a cycle not in KNOWN_CYCLES
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

/** Folders that serve every domain and import none of them. */
export const SHARED = new Set(['common', 'config', 'database', 'health', 'audit', 'auth']);

/** Composition roots: they list every domain's entities or modules on purpose, so their imports are no edge. */
const ROOTS = new Set([join(SRC, 'database', 'entities.ts'), join(SRC, 'database', 'data-source.ts')]);

/**
 * Cycles that exist today and are to be removed (issue: one owner per table); the check fails on any other.
 * Each entry is the sorted list of the domains of one strongly connected component.
 */
export const KNOWN_CYCLES: string[][] = [
  // Sessions write the proctoring event log and proctoring writes attempts: the event log is to move into
  // sessions, with AttemptsService.admit / extend / void / reopen for the proctor's actions.
  ['proctoring', 'sessions'],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [p] : [];
  });
}

function domainOf(file: string): string | null {
  const rel = relative(SRC, file).split(sep);
  return rel.length > 1 && rel[0] !== '..' ? rel[0] : null;
}

/** Domain → the domains its files import (relative imports only; packages are not domains). */
export function domainGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files(SRC)) {
    const from = domainOf(file);
    if (!from || ROOTS.has(file)) {
      continue;
    }
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const to = domainOf(resolve(dirname(file), m[1]));
      if (to && to !== from && !SHARED.has(from) && !SHARED.has(to)) {
        edges.add(to);
      }
    }
  }
  return graph;
}

/** Strongly connected components with more than one domain (Tarjan). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) {
        out.push(scc.sort());
      }
    }
  };
  for (const v of [...graph.keys()].sort()) {
    if (!idx.has(v)) {
      visit(v);
    }
  }
  return out;
}

function main(): void {
  const graph = domainGraph();
  const found = cycles(graph);
  for (const [from, to] of [...graph.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const domains = [...to].filter((d) => !SHARED.has(d)).sort();
    process.stdout.write(`${from.padEnd(14)} → ${domains.join(', ') || '—'}\n`);
  }
  const known = new Set(KNOWN_CYCLES.map((c) => [...c].sort().join(',')));
  const fresh = found.filter((c) => !known.has(c.join(',')));
  for (const c of found) {
    process.stdout.write(`cycle: ${c.join(' ⇄ ')}${known.has(c.join(',')) ? ' (known)' : ''}\n`);
  }
  if (found.length === 0) {
    process.stdout.write('no cycle between domain folders\n');
  }
  if (process.argv.includes('--check') && fresh.length > 0) {
    process.stderr.write(`domain-imports: ${fresh.length} cycle(s) between domain folders (see above)\n`);
    process.exit(1);
  }
}

if (require.main === module) {
  main();
}
