import ExcelJS from 'exceljs';
import { submissionColumns, submissionTitle, SubmissionKind } from './rules/submission-lists';

/** The template the agencies fill (one sheet, the form's columns, a note of what each needs). */
export async function submissionTemplate(kind: SubmissionKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'choukao';
  const ws = wb.addWorksheet(submissionTitle(kind), { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = submissionColumns(kind);
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('说明');
  help.getColumn(1).width = 100;
  for (const line of [
    `${submissionTitle(kind)}：第一行为表头，请勿修改；每个项目一行。`,
    `必填：${columns
      .filter((c) => c.required)
      .map((c) => c.header)
      .join('、')}。日期写作 2026-03-15 或使用 Excel 日期格式。`,
    kind === 'statutory-projects'
      ? '项目时间以合同签订时间为准；法定评价项目和报告要“应报尽报”，不得漏报、瞒报。'
      : '每家企业的每个隐患排查项目一行。',
  ]) {
    help.addRow([line]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (v instanceof Date) {
    // Excel dates carry no zone: ExcelJS gives them as UTC midnight of the written day.
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'object') {
    if ('richText' in v) {
      return v.richText.map((r) => r.text).join('');
    }
    if ('text' in v && typeof v.text === 'string') {
      return v.text;
    }
    if ('result' in v) {
      return cellText(v.result);
    }
    return '';
  }
  return String(v);
}

/** The first sheet as text cells: the header and the rows. Throws on a file that is not a workbook. */
export async function readSubmissionSheet(
  data: Buffer,
  columns: number,
): Promise<{ header: string[]; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  if (!ws) {
    return { header: [], rows: [] };
  }
  const read = (r: number) =>
    Array.from({ length: columns }, (_, k) => cellText(ws.getRow(r).getCell(k + 1).value));
  const rows: string[][] = [];
  for (let r = 2; r <= Math.min(ws.rowCount, 20001); r++) {
    rows.push(read(r));
  }
  return { header: read(1), rows };
}
