import { readFileSync } from 'node:fs';
import { verifyDrawRecord } from '../src/sampling/draw-record';

/**
 * npm run draw:verify -- FILE
 * Recomputes a downloaded draw record (docs/draw.md) and prints OK, or the first mismatch (exit code 1).
 */
function main(): number {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run draw:verify -- draw-record.json\n');
    return 2;
  }
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stdout.write(`MISMATCH: cannot read ${file} as JSON: ${(err as Error).message}\n`);
    return 1;
  }
  const verdict = verifyDrawRecord(record);
  if (!verdict.ok) {
    process.stdout.write(`MISMATCH: ${verdict.mismatch}\n`);
    return 1;
  }
  process.stdout.write(
    `OK\n${verdict.agencies} agencies, ${verdict.technicians} technicians, ${verdict.drawn} drawn, ${verdict.excusals} excusals recomputed\n`,
  );
  return 0;
}

process.exitCode = main();
