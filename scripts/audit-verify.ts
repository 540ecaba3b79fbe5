import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { verifyChain } from '../src/audit/audit-chain';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { validateEnv } from '../src/config/env';
import { DatabaseStartError, prepareDatabase } from '../src/database/prepare-database';

/** npm run audit:verify — walks the audit log of the configured database and prints OK or the first bad row. */
async function main(): Promise<number> {
  const env = validateEnv(process.env);
  const ds: DataSource = await prepareDatabase(
    { url: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: 2 },
    false,
  );
  try {
    const rows = await ds.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
    const verdict = verifyChain(rows.map((r) => ({ ...r, at: r.at.toISOString() })));
    if (verdict.ok) {
      process.stdout.write(`OK: ${verdict.rows} audit records, chain intact\n`);
      return 0;
    }
    process.stdout.write(`MISMATCH at seq ${verdict.seq}: ${verdict.reason}\n`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify: ${err instanceof DatabaseStartError ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
