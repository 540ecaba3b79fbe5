import ExcelJS from 'exceljs';
import { BANK_XLSX_LIMITS, inspectXlsx, XlsxUnreadableError } from '../../common/xlsx-guard';
import { COMMON, DEFAULT_DISCIPLINES } from '../../config/disciplines';
import {
  ItemStatus,
  itemStatusName,
  OPTION_LABELS,
  QuestionType,
  questionTypeName,
  SourceStatus,
} from '../question-type';
import type { BankFileContent, BankInput, BankIssue, BankItem, BankSource } from './bank-format';

/** The item sheet's columns, in order: header (Chinese) → field. */
export const ITEM_COLUMNS = [
  { header: '题目编号', field: 'id', width: 14 },
  { header: '题型', field: 'type', width: 8 },
  { header: '题干', field: 'stem', width: 60 },
  { header: '选项A', field: 'options.A', width: 24 },
  { header: '选项B', field: 'options.B', width: 24 },
  { header: '选项C', field: 'options.C', width: 24 },
  { header: '选项D', field: 'options.D', width: 24 },
  { header: '选项E', field: 'options.E', width: 24 },
  { header: '答案', field: 'answer', width: 10 },
  { header: '依据文件', field: 'source.document', width: 24 },
  { header: '条款', field: 'source.article', width: 14 },
  { header: '依据原文', field: 'basis', width: 60 },
  { header: '适用专业', field: 'disciplines', width: 20 },
  { header: '难度', field: 'difficulty', width: 6 },
  { header: '状态', field: 'status', width: 8 },
  { header: '解析', field: 'explanation', width: 40 },
  // Optional columns (a sheet made from an older template without them still reads).
  { header: '纯记忆', field: 'recall', width: 8, optional: true },
  { header: '停用原因', field: 'retiredReason', width: 30, optional: true },
  { header: '核对新规文件', field: 'checkedAgainst.document', width: 20, optional: true },
  { header: '核对新规条款', field: 'checkedAgainst.article', width: 14, optional: true },
  { header: '核对人', field: 'checkedAgainst.by', width: 10, optional: true },
  { header: '核对日期', field: 'checkedAgainst.date', width: 12, optional: true },
  { header: '核对说明', field: 'checkedAgainst.note', width: 30, optional: true },
] as const;

export const SOURCE_COLUMNS = [
  { header: '简称', field: 'key', width: 24 },
  { header: '全称', field: 'title', width: 40 },
  { header: '发布机关', field: 'issuer', width: 30 },
  { header: '文号', field: 'documentNumber', width: 30 },
  { header: '版本日期', field: 'versionDate', width: 12 },
  { header: '施行日期', field: 'effectiveDate', width: 12 },
  { header: '状态', field: 'status', width: 10 },
  { header: '全文文件', field: 'lawFile', width: 30 },
  { header: '被替代为', field: 'supersededBy', width: 24, optional: true },
  { header: '新规施行日期', field: 'supersededFrom', width: 12, optional: true },
  { header: '适用范围', field: 'scope', width: 10, optional: true },
] as const;

export const ITEM_SHEET = '题目';
export const SOURCE_SHEET = '来源';
const HELP_SHEET = '说明';

/** The Chinese column header of an item field, for error messages about spreadsheet rows. */
export function columnOf(field: string | undefined): string | undefined {
  if (!field) {
    return undefined;
  }
  const exact = ITEM_COLUMNS.find((c) => c.field === field);
  if (exact) {
    return exact.header;
  }
  if (field === 'options') {
    return '选项';
  }
  if (field === 'source') {
    return '依据文件/条款';
  }
  return field;
}

const SOURCE_STATUS_NAMES: Record<SourceStatus, string> = {
  'in-force': '现行有效',
  superseded: '已被替代',
  'partially-superseded': '部分被替代',
  repealed: '已废止',
};

const TYPE_WORDS: Record<string, QuestionType> = {
  判断: 'judge',
  判断题: 'judge',
  judge: 'judge',
  单选: 'single',
  单选题: 'single',
  single: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  multiple: 'multiple',
};
const STATUS_WORDS: Record<string, ItemStatus> = {
  草稿: 'draft',
  draft: 'draft',
  已批准: 'approved',
  批准: 'approved',
  approved: 'approved',
  已停用: 'retired',
  停用: 'retired',
  retired: 'retired',
};
const SOURCE_STATUS_WORDS: Record<string, SourceStatus> = {
  现行有效: 'in-force',
  有效: 'in-force',
  'in-force': 'in-force',
  已被替代: 'superseded',
  superseded: 'superseded',
  部分被替代: 'partially-superseded',
  'partially-superseded': 'partially-superseded',
  已废止: 'repealed',
  废止: 'repealed',
  repealed: 'repealed',
};
const SCOPE_WORDS = new Set(['共用', 'shared']);
const TRUE_WORDS = new Set(['正确', '对', '√', '✓', '是', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['错误', '错', '×', '✗', '否', 'f', 'false', 'n', 'no']);

/** A cell's value as text (rich text, formulas, hyperlinks and dates included), or undefined when blank. */
export function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  let text: string;
  if (value instanceof Date) {
    text = value.toISOString().slice(0, 10);
  } else if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      text = (v.richText as Array<{ text: string }>).map((r) => r.text).join('');
    } else if ('result' in v) {
      return cellText(v.result as ExcelJS.CellValue);
    } else if ('text' in v) {
      text = String(v.text);
    } else {
      text = '';
    }
  } else {
    text = String(value);
  }
  text = text.trim();
  return text.length > 0 ? text : undefined;
}

/** The Chinese cell text of an answer: 正确/错误, "B", "ACD". */
export function answerCell(type: QuestionType, answer: BankItem['answer']): string {
  switch (type) {
    case 'judge':
      return answer === true ? '正确' : '错误';
    case 'single':
      return String(answer);
    case 'multiple':
      return Array.isArray(answer) ? answer.join('') : String(answer);
  }
}

export function disciplinesCell(codes: readonly string[]): string {
  return codes
    .map((c) => (c === COMMON ? '通用' : (DEFAULT_DISCIPLINES.find((d) => d.code === c)?.name ?? c)))
    .join('、');
}

/** Reads an answer cell for the given type, or explains what is wrong with it. */
export function parseAnswerCell(
  type: QuestionType,
  text: string,
): { value: BankItem['answer'] } | { error: string } {
  const t = text.trim();
  switch (type) {
    case 'judge':
      if (TRUE_WORDS.has(t.toLowerCase())) {
        return { value: true };
      }
      if (FALSE_WORDS.has(t.toLowerCase())) {
        return { value: false };
      }
      return { error: '判断题答案须为“正确”或“错误”' };
    case 'single': {
      const letter = t.toUpperCase();
      return /^[A-E]$/.test(letter) ? { value: letter } : { error: '单选题答案须为一个字母，如 B' };
    }
    case 'multiple': {
      const letters = t.toUpperCase().replace(/[\s,，、;；]+/g, '');
      if (!/^[A-E]+$/.test(letters)) {
        return { error: '多选题答案须为字母，如 ACD 或 A、C、D' };
      }
      const list = [...new Set(letters.split(''))].sort();
      if (list.length !== letters.length) {
        return { error: '多选题答案中有重复的字母' };
      }
      return { value: list };
    }
  }
}

/** Reads a discipline cell ("通用", "危险化学品、非煤矿山" or codes). */
export function parseDisciplinesCell(text: string): { value: string[] } | { error: string } {
  const parts = text.split(/[\s,，、;；]+/).filter((p) => p.length > 0);
  const out: string[] = [];
  for (const p of parts) {
    if (p === '通用' || p === COMMON) {
      out.push(COMMON);
      continue;
    }
    const d = DEFAULT_DISCIPLINES.find((x) => x.name === p || x.code === p);
    if (!d) {
      return {
        error: `未知的专业「${p}」：须为“通用”或 ${DEFAULT_DISCIPLINES.map((x) => x.name).join('、')}`,
      };
    }
    out.push(d.code);
  }
  return out.length > 0 ? { value: out } : { error: '请填写“通用”或专业名称' };
}

/**
 * Reads an uploaded workbook into the bank-file shape, so that one checker serves both formats. Cells that
 * cannot be read are left out of the row and reported as issues (row number and column); the schema check then
 * sees the row as incomplete, and the importer drops those duplicate schema complaints. The file passes the zip
 * guard (src/common/xlsx-guard.ts) before exceljs unpacks it; a file beyond its limits throws XlsxRefusedError.
 */
export async function readItemsWorkbook(
  fileName: string,
  data: Buffer,
): Promise<{ input: BankInput; issues: BankIssue[] }> {
  const issues: BankIssue[] = [];
  const wb = new ExcelJS.Workbook();
  const fail = (reason: string): { input: BankInput; issues: BankIssue[] } => ({
    input: {
      file: fileName,
      data: null,
      parseError: { reason },
      itemLocation: (i) => ({ file: fileName, row: i + 2 }),
      sourceLocation: (i) => ({ file: fileName, row: i + 2 }),
    },
    issues,
  });
  // The zip guard first (sizes, ratio, lying headers; bounded memory): a refusal is a 422 with its reason.
  try {
    await inspectXlsx(data, BANK_XLSX_LIMITS);
  } catch (err) {
    if (err instanceof XlsxUnreadableError) {
      return fail('不是有效的 Excel（.xlsx）文件');
    }
    throw err;
  }
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    return fail('不是有效的 Excel（.xlsx）文件');
  }
  const sheet = wb.getWorksheet(ITEM_SHEET) ?? wb.worksheets[0];
  if (!sheet) {
    return fail(`找不到工作表「${ITEM_SHEET}」`);
  }
  const itemSheet = readSheet(sheet, ITEM_COLUMNS);
  if ('error' in itemSheet) {
    return fail(`工作表「${sheet.name}」${itemSheet.error}`);
  }
  const items: Array<Record<string, unknown>> = [];
  const itemRows: number[] = [];
  for (const { row, cells } of itemSheet.rows) {
    const err = (field: string, reason: string): void => {
      issues.push({ severity: 'error', where: { file: fileName, row }, itemId: cells.id, field, reason });
    };
    items.push(itemFromCells(cells, err));
    itemRows.push(row);
  }
  const sources: Array<Record<string, unknown>> = [];
  const sourceRows: number[] = [];
  const srcSheet = wb.getWorksheet(SOURCE_SHEET);
  if (srcSheet) {
    const read = readSheet(srcSheet, SOURCE_COLUMNS);
    if ('error' in read) {
      return fail(`工作表「${SOURCE_SHEET}」${read.error}`);
    }
    for (const { row, cells } of read.rows) {
      const s: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(cells)) {
        if (field === 'scope') {
          if (SCOPE_WORDS.has(value)) {
            s.scope = 'shared';
          } else {
            issues.push({
              severity: 'error',
              where: { file: `${fileName}（${SOURCE_SHEET}）`, row },
              sourceKey: cells.key,
              field: 'scope',
              reason: '适用范围只能填“共用”（各专业共用的法规）或留空',
            });
          }
        } else if (field === 'status') {
          const st = SOURCE_STATUS_WORDS[value];
          if (st) {
            s.status = st;
          } else {
            issues.push({
              severity: 'error',
              where: { file: `${fileName}（${SOURCE_SHEET}）`, row },
              sourceKey: cells.key,
              field: 'status',
              reason: '状态须为 现行有效、已被替代、部分被替代 或 已废止',
            });
          }
        } else {
          s[field] = value;
        }
      }
      sources.push(s);
      sourceRows.push(row);
    }
  }
  return {
    input: {
      file: fileName,
      data: { sources, items },
      itemLocation: (i) => ({ file: fileName, row: itemRows[i] }),
      sourceLocation: (i) => ({ file: `${fileName}（${SOURCE_SHEET}）`, row: sourceRows[i] }),
    },
    issues,
  };
}

type Columns = ReadonlyArray<{ header: string; field: string; optional?: boolean }>;

/** The non-blank rows of a sheet as field → text, using the header row (row 1) to find the columns. */
function readSheet(
  sheet: ExcelJS.Worksheet,
  columns: Columns,
): { rows: Array<{ row: number; cells: Record<string, string> }> } | { error: string } {
  const header = sheet.getRow(1);
  const colOf = new Map<string, number>();
  header.eachCell((cell, col) => {
    const text = cellText(cell.value);
    const c = columns.find((x) => x.header === text);
    if (c) {
      colOf.set(c.field, col);
    }
  });
  const missing = columns.filter((c) => !c.optional && !colOf.has(c.field)).map((c) => c.header);
  if (missing.length > 0) {
    return { error: `第1行缺少列：${missing.join('、')}（请使用下载的模板）` };
  }
  const rows: Array<{ row: number; cells: Record<string, string> }> = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Record<string, string> = {};
    for (const [field, col] of colOf) {
      const text = cellText(row.getCell(col).value);
      if (text !== undefined) {
        cells[field] = text;
      }
    }
    if (Object.keys(cells).length > 0) {
      rows.push({ row: r, cells });
    }
  }
  return { rows };
}

function itemFromCells(
  cells: Record<string, string>,
  err: (field: string, reason: string) => void,
): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  if (cells.id !== undefined) {
    item.id = cells.id;
  }
  const type = cells.type !== undefined ? TYPE_WORDS[cells.type] : undefined;
  if (cells.type !== undefined && !type) {
    err('type', '题型须为 判断、单选 或 多选');
  } else if (type) {
    item.type = type;
  }
  if (cells.stem !== undefined) {
    item.stem = cells.stem;
  }
  const options: Record<string, string> = {};
  for (const label of OPTION_LABELS) {
    const text = cells[`options.${label}`];
    if (text !== undefined) {
      options[label] = text;
    }
  }
  if (Object.keys(options).length > 0) {
    item.options = options;
  }
  if (cells.answer !== undefined && type) {
    const a = parseAnswerCell(type, cells.answer);
    if ('error' in a) {
      err('answer', a.error);
    } else {
      item.answer = a.value;
    }
  }
  if (cells['source.document'] !== undefined || cells['source.article'] !== undefined) {
    item.source = {
      ...(cells['source.document'] !== undefined ? { document: cells['source.document'] } : {}),
      ...(cells['source.article'] !== undefined ? { article: cells['source.article'] } : {}),
    };
  }
  if (cells.basis !== undefined) {
    item.basis = cells.basis;
  }
  if (cells.disciplines !== undefined) {
    const d = parseDisciplinesCell(cells.disciplines);
    if ('error' in d) {
      err('disciplines', d.error);
    } else {
      item.disciplines = d.value;
    }
  }
  if (cells.difficulty !== undefined) {
    if (/^[1-5]$/.test(cells.difficulty)) {
      item.difficulty = Number(cells.difficulty);
    } else {
      err('difficulty', '难度须为 1–5 的整数');
    }
  }
  const status = cells.status === undefined ? 'draft' : STATUS_WORDS[cells.status];
  if (!status) {
    err('status', '状态须为 草稿、已批准 或 已停用');
  } else {
    item.status = status;
  }
  if (cells.explanation !== undefined) {
    item.explanation = cells.explanation;
  }
  if (cells.recall !== undefined) {
    const t = cells.recall.toLowerCase();
    if (TRUE_WORDS.has(t)) {
      item.recall = true;
    } else if (!FALSE_WORDS.has(t)) {
      err('recall', '纯记忆须填“是”或“否”，或留空');
    }
  }
  if (cells.retiredReason !== undefined) {
    item.retiredReason = cells.retiredReason;
  }
  const checked: Record<string, string> = {};
  for (const k of ['document', 'article', 'by', 'date', 'note']) {
    const v = cells[`checkedAgainst.${k}`];
    if (v !== undefined) {
      checked[k] = v;
    }
  }
  if (Object.keys(checked).length > 0) {
    item.checkedAgainst = checked;
  }
  return item;
}

const EXAMPLE_SOURCE: BankSource = {
  key: '安全生产法',
  title: '中华人民共和国安全生产法',
  issuer: '全国人民代表大会常务委员会',
  documentNumber: '中华人民共和国主席令第八十八号',
  versionDate: '2021-06-10',
  effectiveDate: '2021-09-01',
  status: 'in-force',
  lawFile: '安全生产法(2021-06-10).md',
};
const EXAMPLE_ITEM: BankItem = {
  id: 'xls-0001',
  type: 'single',
  stem: '生产经营单位的主要负责人是本单位安全生产（　）。',
  options: { A: '第一责任人', B: '直接责任人', C: '主要监督人', D: '分管负责人' },
  answer: 'A',
  source: { document: '安全生产法', article: '第五条' },
  basis: '生产经营单位的主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。',
  disciplines: ['common'],
  difficulty: 2,
  status: 'draft',
  explanation: '第五条明确主要负责人是“第一责任人”。',
};

const HELP = [
  '题库导入模板说明',
  '“题目”工作表：第1行为表头，请勿修改；从第2行起每行一道题（示例行请删除或改写）。',
  '题目编号：必填，全库唯一且永不复用，小写字母、数字和连字符，如 xls-0001。已存在的编号视为修改该题（内容变化时生成新版本）。',
  '题型：判断、单选 或 多选。判断题不填选项；单选题填写选项A–D；多选题填写选项A–D（或A–E）。',
  '答案：判断题填“正确”或“错误”；单选题填一个字母，如 B；多选题填两个及以上字母，如 ACD。',
  '依据文件：来源的简称（须已在系统中，或在“来源”工作表中给出）；条款：如 第二十一条，或标准的条款号。',
  '依据原文：所引条款的原文，须逐字摘录。',
  '适用专业：“通用”或专业名称（可多个，以顿号分隔）：' +
    DEFAULT_DISCIPLINES.map((d) => d.name).join('、') +
    '。',
  '难度：1（易）至 5（难）。状态：草稿、已批准 或 已停用，留空为草稿；“已批准”的题目须能与法规全文逐字核对，否则请以草稿导入后逐题审核。',
  '纯记忆：只考数字、日期、期限或制定机关的题填“是”。停用原因：已停用的题写明原因。',
  '核对新规文件、核对新规条款、核对人、核对日期（如 2026-06-01）、核对说明：来源“部分被替代”时，已批准的题须记录对照新规核对的情况。',
  '来源工作表：状态为“已被替代”或“部分被替代”时填写“被替代为”（新规的简称）和“新规施行日期”；各专业共用的法规在“适用范围”填“共用”。',
  '任何一行有误，整个文件都不会导入；错误信息会列出每一个有误的行号和原因。',
];

/** Writes items (and the sources they cite) as a workbook in the import format; `template` adds the help sheet. */
export async function writeItemsWorkbook(content: BankFileContent, withHelp = true): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'choukao';
  const items = wb.addWorksheet(ITEM_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  items.columns = ITEM_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  items.getRow(1).font = { bold: true };
  for (const it of content.items) {
    items.addRow([
      it.id,
      questionTypeName(it.type).replace('题', ''),
      it.stem,
      ...OPTION_LABELS.map((l) => it.options?.[l] ?? null),
      answerCell(it.type, it.answer),
      it.source.document,
      it.source.article,
      it.basis,
      disciplinesCell(it.disciplines),
      it.difficulty,
      itemStatusName(it.status),
      it.explanation ?? null,
      it.recall ? '是' : null,
      it.retiredReason ?? null,
      it.checkedAgainst?.document ?? null,
      it.checkedAgainst?.article ?? null,
      it.checkedAgainst?.by ?? null,
      it.checkedAgainst?.date ?? null,
      it.checkedAgainst?.note ?? null,
    ]);
  }
  const sources = wb.addWorksheet(SOURCE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sources.columns = SOURCE_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sources.getRow(1).font = { bold: true };
  for (const s of content.sources) {
    sources.addRow([
      s.key,
      s.title,
      s.issuer,
      s.documentNumber ?? null,
      s.versionDate ?? null,
      s.effectiveDate ?? null,
      SOURCE_STATUS_NAMES[s.status],
      s.lawFile ?? null,
      s.supersededBy ?? null,
      s.supersededFrom ?? null,
      s.scope === 'shared' ? '共用' : null,
    ]);
  }
  if (withHelp) {
    const help = wb.addWorksheet(HELP_SHEET);
    help.getColumn(1).width = 120;
    HELP.forEach((line, i) => {
      help.getCell(i + 1, 1).value = line;
    });
    help.getRow(1).font = { bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The downloadable template: the header rows, one example item and one example source, and the help sheet. */
export function writeTemplateWorkbook(): Promise<Buffer> {
  return writeItemsWorkbook({ sources: [EXAMPLE_SOURCE], items: [EXAMPLE_ITEM] }, true);
}
