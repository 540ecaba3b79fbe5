import { readFileSync } from 'node:fs';
import { roundFigure } from './figures';
import { describeMachine } from './machine';
import { describeWindow } from './profile';
import type { BenchReport } from './runner';

/*
 * Turns a bench run's output into the Markdown table docs/bench.md and the README carry:
 *   npm run bench > bench.out; node -r @swc-node/register scripts/bench/harness/markdown.ts bench.out
 */

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function reportMarkdown(r: BenchReport): string {
  const db =
    r.database.kind === 'mysql'
      ? `MariaDB/MySQL ${r.database.version ?? ''}`.trim()
      : r.database.kind === 'sqlite'
        ? 'SQLite (embedded)'
        : 'none';
  const lines = [
    `Command: \`${r.command}\`${r.database.kind === 'mysql' ? ' with `BENCH_DATABASE_URL` set' : ''} — ${r.startedAt}, ${Math.round(r.elapsedMs / 1000)} s in all.`,
    '',
    `Machine: ${describeMachine(r.machine)} at the start, ${r.loadAverageAtEnd.join(' ')} at the end. Database: ${db}. App: ${r.app?.entry ?? 'not started'}.`,
    '',
    `CPU used by the run: ${Math.round(r.cpu.totalMs / 1000)} s (harness, app, bare server and load generators ${Math.round(r.cpu.harnessTreeMs / 1000)} s${r.cpu.databaseServerMs === null ? '' : `, database server ${Math.round(r.cpu.databaseServerMs / 1000)} s`}).`,
    '',
    '| figure | ours | target | bare (same run) | ratio |',
    '|---|---|---|---|---|',
  ];
  for (const f of r.figures) {
    const v = f.value === null ? 'n/a' : `${roundFigure(f.value)} ${f.unit}`;
    const bare =
      f.bare === undefined || f.bare === null
        ? ''
        : `${roundFigure(f.bare)} ${f.unit}${f.bareLabel ? ` (${f.bareLabel})` : ''}`;
    const name = f.note ? `${f.name} — ${f.note}` : f.name;
    lines.push(`| ${esc(name)} | ${esc(v)} | ${esc(f.target ?? '')} | ${esc(bare)} | ${f.ratio ?? ''} |`);
  }
  if (r.profile) {
    lines.push(
      '',
      "Where the app's CPU went (BENCH_PROFILE_DIR):",
      ...r.profile.windows.map((w) => `- ${describeWindow(w)}`),
    );
  }
  if (r.problems.length > 0) {
    lines.push('', 'Problems reported by the run:', ...r.problems.map((p) => `- ${p.split('\n')[0]}`));
  }
  return lines.join('\n');
}

/** The report in a bench run's output (the last `BENCH {json}` line). */
export function parseBenchOutput(text: string): BenchReport {
  const line = text
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('BENCH '));
  if (!line) {
    throw new Error('no "BENCH {json}" line in the input');
  }
  return JSON.parse(line.slice(6)) as BenchReport;
}

if (require.main === module) {
  const file = process.argv[2];
  const text = readFileSync(file && file !== '-' ? file : 0, 'utf8');
  process.stdout.write(`${reportMarkdown(parseBenchOutput(text))}\n`);
}
