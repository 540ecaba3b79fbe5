import ExcelJS from 'exceljs';
import type { AuditSentenceDto } from './dto/list-audit-query.dto';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 审计日志: the filtered rows as sentences, with the stored fields beside them. */
export async function auditWorkbook(rows: readonly AuditSentenceDto[], filter: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = '审计日志';
  const ws = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([`筛选条件：${filter || '全部'}；时间均为北京时间（UTC+8）`]);
  ws.mergeCells(1, 1, 1, 8);
  const header = ws.addRow([
    '序号',
    '时间（北京时间）',
    '操作人',
    '操作',
    '操作代码',
    '对象',
    '详情',
    '哈希',
  ]);
  header.font = { bold: true };
  [8, 20, 22, 70, 26, 28, 60, 20].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const r of rows) {
    ws.addRow([r.seq, r.atBeijing, r.actorName, r.phrase, r.action, r.targetName, r.details, r.hash]);
  }
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
