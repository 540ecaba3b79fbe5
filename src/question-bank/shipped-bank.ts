import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { RuleViolationError } from '../common/domain-error';
import { inTransaction } from '../database/transaction';
import { BankImporter, ImportResult } from './bank-importer';
import { BankIssue, formatIssue } from './files/bank-format';
import { loadBankDirectory } from './files/bank-loader';
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
): Promise<ShippedImportOutcome> {
  const started = Date.now();
  const inputs = loadBankDirectory(dir);
  const check = checkBank(inputs, { laws: null, mode: 'files', verifyBases: false, nearDuplicates: false });
  const errors = check.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new BankFilesInvalidError(errors);
  }
  const readMs = Date.now() - started;
  const importer = new BankImporter(audit);
  const result = await inTransaction(ds, (m) =>
    importer.run(m, {
      mode: 'files',
      items: check.items,
      sources: [...check.sources.values()].map((s) => s.source),
      originOf: (ci) => `file:${ci.where.file}`,
      noteOf: (ci) => `导入 ${ci.where.file}`,
      actor,
      action: 'qbank.import',
      auditTarget: 'question-bank:files',
      auditDetails: { files: inputs.length, items: check.items.length },
    }),
  );
  const durationMs = Date.now() - started;
  return {
    result,
    files: inputs.length,
    items: check.items.length,
    durationMs,
    readMs,
    writeMs: durationMs - readMs,
  };
}
