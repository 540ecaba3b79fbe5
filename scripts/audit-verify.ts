import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ChainPoint, parseAnchor, verifyChainPages } from '../src/audit/audit-chain';
import { resolveAuditKey } from '../src/audit/audit-key';
import { auditRowPages, readAuditHead } from '../src/audit/audit.service';
import { validateEnv } from '../src/config/env';
import { DatabaseStartError, prepareDatabase } from '../src/database/prepare-database';

class UsageError extends Error {}

/** `--anchor <seq>:<hash>` (repeatable, or `--anchor=<seq>:<hash>`): heads printed earlier on public documents. */
export function anchorsFromArgs(argv: string[]): ChainPoint[] {
  const anchors: ChainPoint[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--anchor' ? argv[++i] : a.startsWith('--anchor=') ? a.slice(9) : undefined;
    if (value === undefined) {
      throw new UsageError(`unknown argument "${a}" (usage: audit:verify [--anchor <seq>:<hash>]...)`);
    }
    try {
      anchors.push(parseAnchor(value));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return anchors;
}

/**
 * npm run audit:verify [-- --anchor <seq>:<hash> ...] — recomputes the keyed audit chain of the configured
 * database (AUDIT_KEY, or the key file beside the SQLite data file), checks that it ends at the recorded head
 * and passes through every anchor, and prints OK with the head to copy, or the first bad row (exit 1).
 */
async function main(): Promise<number> {
  const env = validateEnv(process.env);
  const anchors = anchorsFromArgs(process.argv.slice(2));
  const key = resolveAuditKey(env.AUDIT_KEY, env.SQLITE_PATH, false);
  if (!key) {
    throw new UsageError('AUDIT_KEY is not set and no key file lies beside the SQLite file: cannot verify');
  }
  const ds: DataSource = await prepareDatabase(
    { url: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: 2 },
    false,
  );
  try {
    const head = await readAuditHead(ds);
    const verdict = await verifyChainPages(auditRowPages(ds), { key, head, anchors });
    if (verdict.ok) {
      const at = verdict.head ? `${verdict.head.seq}:${verdict.head.hash}` : '0 (empty)';
      process.stdout.write(
        `OK: ${verdict.rows} audit records, chain intact` +
          (verdict.unkeyedRows > 0
            ? ` (${verdict.unkeyedRows} older unkeyed rows sealed by keyed ones)`
            : '') +
          (verdict.anchors > 0 ? `, ${verdict.anchors} anchor(s) found unchanged` : '') +
          `\nhead: ${at}\n`,
      );
      return 0;
    }
    process.stdout.write(`MISMATCH at seq ${verdict.seq}: ${verdict.reason}\n`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message =
        err instanceof DatabaseStartError || err instanceof UsageError ? err.message : String(err);
      process.stderr.write(`audit:verify: ${message}\n`);
      process.exit(2);
    },
  );
}
