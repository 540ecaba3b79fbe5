/**
 * npm run qbank:import
 *
 * Imports the shipped question bank (QUESTION_BANK_DIR, default ./question-bank) into the database the
 * application uses (DATABASE_URL or SQLITE_PATH, opened and migrated as `npm start` does), idempotently:
 * new items added, changed items get a new version, status changes applied, nothing deleted (items the files
 * no longer contain are listed). One 'qbank.import' audit record with the counts.
 */
import 'reflect-metadata';
import { resolveAuditKey } from '../src/audit/audit-key';
import { AuditService } from '../src/audit/audit.service';
import { ConfigError, validateEnv } from '../src/config/env';
import { DatabaseStartError, prepareDatabase } from '../src/database/prepare-database';
import { BankFilesInvalidError, importShippedBank } from '../src/question-bank/shipped-bank';

async function main(): Promise<number> {
  const env = validateEnv(process.env);
  const ds = await prepareDatabase(
    { url: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH, poolSize: env.DB_POOL_SIZE },
    env.DB_MIGRATE_ON_START,
  );
  try {
    const outcome = await importShippedBank(
      ds,
      new AuditService(ds, resolveAuditKey(env.AUDIT_KEY, env.SQLITE_PATH)!),
      env.QUESTION_BANK_DIR,
      'system',
    );
    const r = outcome.result;
    const where = env.DATABASE_URL ? 'MySQL' : `SQLite ${env.SQLITE_PATH}`;
    process.stdout.write(
      [
        `题库导入（${where}）：${env.QUESTION_BANK_DIR}，${outcome.files} 个文件，${outcome.items} 道题`,
        `  新增 ${r.added}，新版本 ${r.changed}，状态变化 ${r.statusChanged}，未变 ${r.unchanged}`,
        `  来源：新增 ${r.sourcesAdded}，更新 ${r.sourcesUpdated}`,
        `  文件中已缺少（未删除）${r.missing}${r.missing > 0 ? `：${r.missingCodes.join('、')}` : ''}`,
        `  用时 ${outcome.durationMs} ms（读取和检查文件 ${outcome.readMs} ms，写入数据库 ${outcome.writeMs} ms）`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof BankFilesInvalidError) {
      process.stderr.write(`qbank:import: ${err.message}\n`);
      for (const line of (err.details as { errors: string[] }).errors) {
        process.stderr.write(`  ${line}\n`);
      }
    } else if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      process.stderr.write(`qbank:import: ${err.message}\n`);
    } else {
      process.stderr.write(`qbank:import: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  },
);
