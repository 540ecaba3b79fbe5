import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { RuleViolationError } from '../common/domain-error';
import { inTransaction } from '../database/transaction';
import { BankImporter, ImportResult } from './bank-importer';
import { BankIssue, formatIssue } from './files/bank-format';
import { BankImportState } from './entities/bank-import-state.entity';
import { ENEMY_GROUPS_FILE, readEnemyGroups, replaceEnemyGroups } from './enemy-groups';
import { listBankFiles, loadBankDirectory } from './files/bank-loader';
import { checkBank } from './files/validate-bank';

/** The shipped files break the bank's rules: nothing was imported. */
export class BankFilesInvalidError extends RuleViolationError {
  constructor(readonly issues: BankIssue[]) {
    super(
      `题库文件有 ${issues.length} 处错误，未导入（运行 npm run qbank:check 查看详情）`,
      'bank_files_invalid',
      { errors: issues.slice(0, 200).map(formatIssue) },
    );
  }
}

export interface ShippedImportOutcome {
  /** The files hash as last imported: nothing was read, checked or written. */
  skipped: boolean;
  result: ImportResult;
  files: number;
  items: number;
  /** Whole import; of which reading and checking the files, and writing the database. */
  durationMs: number;
  readMs: number;
  writeMs: number;
}

/**
 * Imports the shipped bank files (QUESTION_BANK_DIR) in one transaction, idempotently (see planImport). The
 * structural rules are checked first and any error stops the whole import; the verbatim check of bases and
 * the near-duplicate check are `npm run qbank:check`'s job in CI, so a server without the law texts can
 * still import the reviewed files.
 */
export async function importShippedBank(
  ds: DataSource,
  audit: AuditService,
  dir: string,
  actor: Actor | 'system',
  options: { skipIfUnchanged?: boolean } = {},
): Promise<ShippedImportOutcome> {
  const started = Date.now();
  const filesHash = bankFilesHash(dir);
  if (options.skipIfUnchanged) {
    const state = await ds.getRepository(BankImportState).findOne({ where: { id: 1 } });
    if (state?.filesHash === filesHash) {
      const durationMs = Date.now() - started;
      return {
        skipped: true,
        result: {
          added: 0,
          changed: 0,
          statusChanged: 0,
          unchanged: 0,
          missing: 0,
          approvalsDeferred: 0,
          sourcesAdded: 0,
          sourcesUpdated: 0,
          missingCodes: [],
          dryRun: false,
        },
        files: 0,
        items: 0,
        durationMs,
        readMs: durationMs,
        writeMs: 0,
      };
    }
  }
  const inputs = loadBankDirectory(dir).filter((i) => i.file !== ENEMY_GROUPS_FILE);
  const enemyGroups = readEnemyGroups(dir);
  const check = checkBank(inputs, { laws: null, mode: 'files', verifyBases: false, nearDuplicates: false });
  const errors = check.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new BankFilesInvalidError(errors);
  }
  const readMs = Date.now() - started;
  const importer = new BankImporter(audit);
  const result = await inTransaction(ds, async (m) => {
    const imported = await importer.run(m, {
      mode: 'files',
      items: check.items,
      sources: [...check.sources.values()].map((s) => s.source),
      originOf: (ci) => `file:${ci.where.file}`,
      noteOf: (ci) => `导入 ${ci.where.file}`,
      actor,
      action: 'qbank.import',
      auditTarget: 'question-bank:files',
      auditDetails: { files: inputs.length, items: check.items.length, enemyGroups: enemyGroups.length },
    });
    const now = new Date();
    await replaceEnemyGroups(m, enemyGroups, now);
    const state = m.getRepository(BankImportState);
    if (await state.findOne({ where: { id: 1 } })) {
      await state.update({ id: 1 }, { filesHash, importedAt: now });
    } else {
      await state.insert({ id: 1, filesHash, importedAt: now });
    }
    return imported;
  });
  const durationMs = Date.now() - started;
  return {
    skipped: false,
    result,
    files: inputs.length,
    items: check.items.length,
    durationMs,
    readMs,
    writeMs: durationMs - readMs,
  };
}

/**
 * SHA-256 over every bank file's path and bytes (sorted by path): equal hashes, the same input, so a start can
 * skip reading, checking and planning the bank. Lengths are framed so that no two file sets hash alike.
 */
export function bankFilesHash(dir: string): string {
  const h = createHash('sha256');
  for (const file of listBankFiles(dir)) {
    const bytes = readFileSync(join(dir, file));
    h.update(`${file}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return h.digest('hex');
}
