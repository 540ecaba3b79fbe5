import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import type { Env } from '../config/env';
import { inTransaction } from '../database/transaction';
import { BankImporter, importRejected, ImportResult } from './bank-importer';
import type { ImportExcelDto, ImportYamlDto } from './dto/import.dto';
import type { ItemFilterDto } from './dto/list-items-query.dto';
import { QuestionItemVersion } from './entities/question-item-version.entity';
import { QuestionSource } from './entities/question-source.entity';
import type { BankFileContent, BankInput, BankIssue, BankItem, BankSource } from './files/bank-format';
import { parseUploadedBankYaml } from './files/upload-yaml';
import { columnOf, readItemsWorkbook, writeItemsWorkbook, writeTemplateWorkbook } from './files/excel-io';
import { checkBank } from './files/validate-bank';
import { writeBankYaml } from './files/yaml-export';
import { QuestionBankService } from './question-bank.service';
import { importShippedBank, ShippedImportOutcome } from './shipped-bank';
import { ReviewService } from './review/review.service';
import type { ImportTextDto, ImportTextResultDto } from './text-import/import-text.dto';
import { parseTextItems, TEXT_FIELD_LABELS, type TextProblem } from './text-import/parse-text-items';
import { readImportFile } from './text-import/read-text-file';
import { repeatsOfBank, resolveTextItems } from './text-import/resolve-text-items';
import { normaliseStem } from './files/normalise';
import { QuestionItem } from './entities/question-item.entity';
import { isUniqueViolation } from '../database/sql';

/**
 * Moves the bank in and out: the shipped files on start, administrators' uploads (YAML, Excel) and exports.
 * An upload with any bad row is refused whole, naming every bad row; nothing is written.
 */
@Injectable()
export class QuestionBankTransferService implements OnApplicationBootstrap {
  private readonly log = new Logger('QuestionBank');
  private readonly importer: BankImporter;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Env, true>,
    private readonly bank: QuestionBankService,
    private readonly review: ReviewService,
  ) {
    this.importer = new BankImporter(audit);
  }

  /** With QBANK_IMPORT_ON_START, imports QUESTION_BANK_DIR; a failure is logged and does not stop the start. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('QBANK_IMPORT_ON_START', { infer: true })) {
      return;
    }
    const dir = this.config.get('QUESTION_BANK_DIR', { infer: true });
    if (!existsSync(dir)) {
      this.log.warn(`题库目录不存在，跳过导入：${dir}`);
      return;
    }
    try {
      // A restart with unchanged files skips the whole bank (its hash is stored with the last import).
      const outcome = await this.importShipped('system', dir, { skipIfUnchanged: true }).catch(
        (err: unknown) => {
          // Another node importing at the same moment: its rows are there now, so one more pass is a no-op.
          if (isUniqueViolation(err)) {
            return this.importShipped('system', dir, { skipIfUnchanged: true });
          }
          throw err;
        },
      );
      if (outcome.skipped) {
        this.log.log(`题库文件与上次导入相同，跳过导入：${dir}（${outcome.durationMs} ms）`);
        return;
      }
      const r = outcome.result;
      this.log.log(
        `题库导入 ${dir}：${outcome.files} 个文件 ${outcome.items} 道题，新增 ${r.added}，新版本 ${r.changed}，状态变化 ${r.statusChanged}，未变 ${r.unchanged}，文件中已缺少 ${r.missing}（${outcome.durationMs} ms）`,
      );
      if (r.missing > 0) {
        this.log.warn(
          `以下题目曾从题库文件导入，现已不在文件中（未删除）：${r.missingCodes.slice(0, 50).join('、')}`,
        );
      }
    } catch (err) {
      this.log.error(
        { err, details: (err as { details?: unknown }).details },
        `题库导入失败：${(err as Error).message}`,
      );
    }
  }

  /** Imports the shipped files (QUESTION_BANK_DIR unless given). */
  importShipped(
    actor: Actor | 'system',
    dir?: string,
    options: { skipIfUnchanged?: boolean } = {},
  ): Promise<ShippedImportOutcome> {
    if (actor !== 'system') {
      assertAdmin(actor);
    }
    return importShippedBank(
      this.ds,
      this.audit,
      dir ?? this.config.get('QUESTION_BANK_DIR', { infer: true }),
      actor,
      options,
    );
  }

  async importYaml(actor: Actor, dto: ImportYamlDto): Promise<ImportResult> {
    assertAdmin(actor);
    const fileName = dto.fileName ?? 'upload.yaml';
    return this.importUpload(
      actor,
      parseUploadedBankYaml(fileName, dto.content),
      [],
      'yaml',
      dto.dryRun ?? false,
    );
  }

  async importExcel(actor: Actor, dto: ImportExcelDto): Promise<ImportResult> {
    assertAdmin(actor);
    const fileName = dto.fileName ?? 'upload.xlsx';
    const { input, issues } = await readItemsWorkbook(fileName, Buffer.from(dto.contentBase64, 'base64'));
    return this.importUpload(actor, input, issues, 'excel', dto.dryRun ?? false);
  }

  /**
   * 文本/Word 导入: questions as Chinese exam services write them (see text-import/parse-text-items.ts), pasted
   * or as a .docx/.txt file. Every item comes in as a draft for the reviewers, through the same checks and
   * importer as an Excel upload; one bad item refuses the whole text, naming each line and reason.
   */
  async importText(actor: Actor, dto: ImportTextDto): Promise<ImportTextResultDto> {
    assertAdmin(actor);
    if ((dto.content === undefined) === (dto.contentBase64 === undefined)) {
      throw new RuleViolationError(
        '请粘贴题目文本，或选择一个 .docx / .txt 文件（二者选其一）',
        'text_import_input',
      );
    }
    const fileName = dto.fileName ?? (dto.content !== undefined ? '粘贴的文本' : 'upload.txt');
    let text = dto.content ?? '';
    let autoNumbered = 0;
    if (dto.contentBase64 !== undefined) {
      const read = await readImportFile(fileName, Buffer.from(dto.contentBase64, 'base64'));
      if ('error' in read) {
        throw importRejected([{ severity: 'error', where: { file: fileName }, reason: read.error }]);
      }
      text = read.text;
      autoNumbered = read.autoNumbered;
    }
    const parsed = parseTextItems(text);
    const sources = (await this.ds.getRepository(QuestionSource).find()).map(toBankSource);
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const resolved = resolveTextItems(parsed.items, {
      fileName,
      idPrefix: `txt-${stamp}-${randomBytes(3).toString('hex')}`,
      sources,
      laws: this.bank.lawLibrary(),
    });
    let problems = [
      ...parsed.problems,
      ...resolved.problems,
      ...repeatsOfBank(parsed.items, await this.liveStems()),
    ];
    if (parsed.items.length === 0 && autoNumbered > 0) {
      problems = [
        {
          line: 1,
          reason: `文档的题号和选项字母是 Word 的自动编号（${autoNumbered} 段），正文里没有这些文字：请在 Word 中全选复制，粘贴到“粘贴文本”框中导入（复制时自动编号会变成文字）`,
        },
      ];
    }
    if (problems.length > 0) {
      throw importRejected(problems.sort((a, b) => a.line - b.line).map((p) => textIssue(fileName, p)));
    }
    const result = await this.importUpload(
      actor,
      resolved.input,
      [],
      'text',
      dto.dryRun ?? false,
      resolved.locate,
    );
    return {
      ...result,
      items: [...resolved.idOf].map(([code, t]) => ({
        code,
        number: t.index,
        line: t.line,
        type: t.type,
        stem: t.stem,
      })),
    };
  }

  /** The normalised stems of the bank's live items (current versions) → the item's code. */
  private async liveStems(): Promise<Map<string, string>> {
    const rows = await this.ds
      .createQueryBuilder(QuestionItem, 'i')
      .innerJoin(QuestionItemVersion, 'v', 'v.id = i.currentVersionId')
      .select(['i.code AS code', 'v.stem AS stem'])
      .where("i.status <> 'retired'")
      .getRawMany<{ code: string; stem: string }>();
    return new Map(rows.map((r) => [normaliseStem(r.stem), r.code]));
  }

  private async importUpload(
    actor: Actor,
    input: BankInput,
    readerIssues: BankIssue[],
    format: 'yaml' | 'excel' | 'text',
    dryRun: boolean,
    locate: (issue: BankIssue) => BankIssue = (i) => i,
  ): Promise<ImportResult> {
    const known = new Map<string, BankSource>(
      (await this.ds.getRepository(QuestionSource).find()).map((s) => [s.key, toBankSource(s)]),
    );
    const check = checkBank([input], { laws: this.bank.lawLibrary(), mode: 'upload', knownSources: known });
    // A cell the reader could not read is left out of its row; the schema's "missing" for it is the same error.
    const unreadable = new Set(readerIssues.map((i) => `${i.where.row}|${i.field}`));
    const issues = [
      ...readerIssues,
      ...check.issues.filter((i) => !unreadable.has(`${i.where.row}|${i.field}`)),
    ]
      .filter((i) => i.severity === 'error')
      .map(locate);
    const column = format === 'excel' ? columnOf : undefined;
    if (issues.length > 0) {
      throw importRejected(sortByPlace(issues), column);
    }
    // With two reviewers required, an upload cannot approve anything by itself: its approvals go to review.
    const approvalsNeedReview = (await this.review.reviewersRequired()) > 1;
    return inTransaction(this.ds, (m) =>
      this.importer.run(m, {
        mode: 'upload',
        approvalsNeedReview,
        items: check.items,
        sources: [...check.sources.values()].map((s) => s.source),
        originOf: () => 'upload',
        noteOf: () => `批量导入 ${input.file}`,
        actor,
        action: 'qbank.upload',
        auditTarget: 'question-bank:upload',
        auditDetails: { format, fileName: input.file },
        dryRun,
        columnOf: column,
      }),
    );
  }

  /** The items matching the filters (current versions) with the sources they cite, in the bank file shape. */
  async exportContent(actor: Actor, filter: ItemFilterDto): Promise<BankFileContent> {
    assertAdmin(actor);
    const rows = await this.bank
      .filtered(filter)
      .select(['i.id AS id', 'i.code AS code', 'i.status AS status', 'v.id AS versionId'])
      .orderBy('i.id', 'ASC')
      .getRawMany<{ id: number; code: string; status: BankItem['status']; versionId: number }>();
    const versions = new Map<number, QuestionItemVersion>();
    const ids = rows.map((r) => Number(r.versionId));
    for (let i = 0; i < ids.length; i += 500) {
      const batch = await this.ds
        .getRepository(QuestionItemVersion)
        .find({ where: { id: In(ids.slice(i, i + 500)) }, relations: { source: true } });
      batch.forEach((v) => versions.set(v.id, v));
    }
    const sources = new Map<string, BankSource>();
    const items: BankItem[] = rows.map((r) => {
      const v = versions.get(Number(r.versionId))!;
      sources.set(v.source!.key, toBankSource(v.source!));
      return {
        id: r.code,
        type: v.type,
        stem: v.stem,
        ...(v.type === 'judge' ? {} : { options: v.options }),
        answer: v.answer,
        source: { document: v.source!.key, article: v.article },
        basis: v.basis,
        disciplines: v.disciplines,
        difficulty: v.difficulty,
        status: r.status,
        ...(v.explanation ? { explanation: v.explanation } : {}),
      };
    });
    return { sources: [...sources.values()], items };
  }

  async exportYaml(actor: Actor, filter: ItemFilterDto): Promise<string> {
    const content = await this.exportContent(actor, filter);
    return writeBankYaml(
      content,
      `choukao 题库导出 ${new Date().toISOString()}，共 ${content.items.length} 题`,
    );
  }

  async exportExcel(actor: Actor, filter: ItemFilterDto): Promise<Buffer> {
    return writeItemsWorkbook(await this.exportContent(actor, filter), true);
  }

  template(actor: Actor): Promise<Buffer> {
    assertAdmin(actor);
    return writeTemplateWorkbook();
  }
}

function toBankSource(s: QuestionSource): BankSource {
  return {
    key: s.key,
    title: s.title,
    issuer: s.issuer,
    ...(s.documentNumber ? { documentNumber: s.documentNumber } : {}),
    ...(s.versionDate ? { versionDate: s.versionDate } : {}),
    ...(s.effectiveDate ? { effectiveDate: s.effectiveDate } : {}),
    status: s.status,
    ...(s.lawFile ? { lawFile: s.lawFile } : {}),
  };
}

/** A problem of the text's reading as the bank's importers report it: the line, the item, the label. */
function textIssue(file: string, p: TextProblem): BankIssue {
  return {
    severity: 'error',
    where: { file, line: p.line },
    ...(p.item ? { itemId: `第${p.item}题` } : {}),
    ...(p.field ? { field: TEXT_FIELD_LABELS[p.field] } : {}),
    reason: p.reason,
  };
}

function sortByPlace(issues: BankIssue[]): BankIssue[] {
  const place = (i: BankIssue) => i.where.row ?? i.where.line ?? 0;
  return [...issues].sort((a, b) => a.where.file.localeCompare(b.where.file) || place(a) - place(b));
}
