import ExcelJS from 'exceljs';
import { cellText } from '../files/excel-io';
import { questionTypeName, type QuestionType } from '../question-type';
import { decisionName, parseDecisionCell, REVIEW_DECISIONS, type ReviewDecisionKind } from './review-rules';

/**
 * The offline review sheet: one row per item of a reviewer's queue with what the reviewer needs to decide
 * (content, key, basis, the cited article), and four columns the reviewer fills (决定, 意见, 审核说明,
 * 对照新法条款). Reading it back gives one decision per filled row, or every row's problem.
 */
export const REVIEW_SHEET = '评审';

export const REVIEW_COLUMNS = [
  { header: '题目编号', key: 'code', width: 12 },
  { header: '版本', key: 'versionNo', width: 6 },
  { header: '题型', key: 'type', width: 8 },
  { header: '题干', key: 'stem', width: 50 },
  { header: '选项', key: 'options', width: 40 },
  { header: '答案', key: 'answer', width: 8 },
  { header: '依据文件', key: 'source', width: 18 },
  { header: '条款', key: 'article', width: 12 },
  { header: '依据原文', key: 'basis', width: 50 },
  { header: '条文全文', key: 'articleText', width: 60 },
  { header: '送审原因', key: 'reasons', width: 30 },
  { header: '已批准人数', key: 'approvals', width: 10 },
  { header: '决定', key: 'decision', width: 10 },
  { header: '意见', key: 'comment', width: 40 },
  { header: '审核说明', key: 'reviewerNote', width: 30 },
  { header: '对照新法条款', key: 'checkedArticle', width: 14 },
] as const;

export interface ReviewSheetRow {
  code: string;
  versionNo: number;
  type: QuestionType;
  stem: string;
  options: Record<string, string>;
  answer: unknown;
  source: string;
  article: string;
  basis: string;
  articleText: string | null;
  reasons: string;
  approvals: string;
}

export interface SheetDecision {
  /** The 1-based row in the sheet. */
  row: number;
  code: string;
  versionNo: number;
  decision: ReviewDecisionKind;
  comment?: string;
  reviewerNote?: string;
  checkedArticle?: string;
}

export interface SheetError {
  row: number;
  field?: string;
  reason: string;
}

function answerText(type: QuestionType, answer: unknown): string {
  if (type === 'judge') {
    return answer === true ? '正确' : '错误';
  }
  return Array.isArray(answer) ? answer.join('') : String(answer);
}

export async function writeReviewWorkbook(
  rows: readonly ReviewSheetRow[],
  reviewer: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'choukao';
  const ws = wb.addWorksheet(REVIEW_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = REVIEW_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow({
      code: r.code,
      versionNo: r.versionNo,
      type: questionTypeName(r.type).replace('题', ''),
      stem: r.stem,
      options: Object.entries(r.options)
        .map(([k, v]) => `${k}. ${v}`)
        .join('\n'),
      answer: answerText(r.type, r.answer),
      source: r.source,
      article: r.article,
      basis: r.basis,
      articleText: r.articleText ?? '（无全文，请对照官方文本）',
      reasons: r.reasons,
      approvals: r.approvals,
    });
    row.alignment = { wrapText: true, vertical: 'top' };
    row.getCell('decision').dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${REVIEW_DECISIONS.map(decisionName).join(',')}"`],
    };
  }
  const help = wb.addWorksheet('说明');
  help.getColumn(1).width = 110;
  for (const line of [
    `评审专家：${reviewer}。每行一道题；只填写“决定”“意见”“审核说明”“对照新法条款”四列，其他列请勿修改。`,
    '决定：批准、退回修改 或 否决；留空表示暂不决定。退回修改和否决须填写意见。',
    '审核说明：依据无法与法规全文逐字核对时（无全文或原文不符），批准须填写，说明对照了什么文本。',
    '对照新法条款：来源已被新法规部分替代时，批准须填写已对照的新法规条款，如 第二十一条。',
    '导入时任何一行有误，整个文件都不会导入；错误信息会列出每一个有误的行号和原因。',
  ]) {
    help.addRow([line]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the filled sheet: the decisions of the rows with a decision, and every row's problem. */
export async function readReviewWorkbook(
  data: Buffer,
): Promise<{ decisions: SheetDecision[]; errors: SheetError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    return { decisions: [], errors: [{ row: 0, reason: '不是有效的 Excel（.xlsx）文件' }] };
  }
  const ws = wb.getWorksheet(REVIEW_SHEET);
  if (!ws) {
    return {
      decisions: [],
      errors: [{ row: 0, reason: `找不到工作表「${REVIEW_SHEET}」，请使用导出的评审表` }],
    };
  }
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((cell, n) => {
    const h = cellText(cell.value);
    if (h) {
      col.set(h, n);
    }
  });
  const missing = ['题目编号', '版本', '决定', '意见'].filter((h) => !col.has(h));
  if (missing.length > 0) {
    return { decisions: [], errors: [{ row: 1, reason: `缺少列：${missing.join('、')}` }] };
  }
  const get = (row: ExcelJS.Row, header: string): string | undefined => {
    const n = col.get(header);
    return n ? cellText(row.getCell(n).value) : undefined;
  };
  const decisions: SheetDecision[] = [];
  const errors: SheetError[] = [];
  const seen = new Map<string, number>();
  ws.eachRow((row, rowNo) => {
    if (rowNo === 1) {
      return;
    }
    const parsed = parseDecisionCell(get(row, '决定'));
    if ('error' in parsed) {
      errors.push({ row: rowNo, field: '决定', reason: parsed.error });
      return;
    }
    if (!parsed.decision) {
      return;
    }
    const code = get(row, '题目编号');
    if (!code) {
      errors.push({ row: rowNo, field: '题目编号', reason: '缺少题目编号' });
      return;
    }
    const versionText = get(row, '版本');
    const versionNo = Number(versionText);
    if (!versionText || !Number.isInteger(versionNo) || versionNo < 1) {
      errors.push({ row: rowNo, field: '版本', reason: `版本“${versionText ?? ''}”不是正整数` });
      return;
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      errors.push({ row: rowNo, field: '题目编号', reason: `题目 ${code} 已在第 ${earlier} 行出现` });
      return;
    }
    seen.set(code, rowNo);
    const comment = get(row, '意见');
    const reviewerNote = get(row, '审核说明');
    const checkedArticle = get(row, '对照新法条款');
    decisions.push({
      row: rowNo,
      code,
      versionNo,
      decision: parsed.decision,
      ...(comment ? { comment: comment.slice(0, 1000) } : {}),
      ...(reviewerNote ? { reviewerNote: reviewerNote.slice(0, 1000) } : {}),
      ...(checkedArticle ? { checkedArticle: checkedArticle.slice(0, 64) } : {}),
    });
  });
  return { decisions, errors };
}
