import ExcelJS from 'exceljs';
import { formatCenti } from '../scoring/component';
import type { AgencySheet } from './rating.service';
import { gradeName, PART_DEFS } from './rules/sheet';

const pts = (c: number | null): string => (c === null ? '—' : formatCenti(c));

/**
 * One agency's sheet as the paper form of 附件1 (临沂安全生产技术服务机构分类等级管理检查表): parts merged down the
 * second column, each item's score, and the deductions with their evidence and expert in a last column.
 */
export async function sheetWorkbook(s: AgencySheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'choukao';
  const ws = wb.addWorksheet('检查表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { key: 'no', width: 6 },
    { key: 'part', width: 14 },
    { key: 'content', width: 30 },
    { key: 'max', width: 9 },
    { key: 'standard', width: 50 },
    { key: 'score', width: 9 },
    { key: 'evidence', width: 60 },
  ];
  ws.mergeCells('A1:G1');
  ws.getCell('A1').value = '临沂安全生产技术服务机构分类等级管理检查表';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:G2');
  ws.getCell('A2').value =
    `被评定机构：${s.agency.name}（${s.agency.code}，${s.agency.county}）  ${s.round.name}  规则 ${s.round.rules.version}`;
  const header = ws.addRow([
    '序号',
    '评定内容',
    '内容',
    '标准得分',
    '评定标准',
    '评定得分',
    '扣分记录与证据',
  ]);
  header.font = { bold: true };
  const r = s.rating;
  const live = s.deductions.filter((d) => !d.withdrawnAt);
  const objectName = (id: number | null) => s.objects.find((o) => o.id === id)?.name ?? '';
  const scoreOf = (no: number): number | null => {
    const own = r.items.find((i) => i.no === no);
    if (own) {
      return own.score;
    }
    const mean = r.performance.itemMeans.find((i) => i.no === no);
    if (mean) {
      return mean.mean;
    }
    return no === 19 ? r.parts.exam : no === 20 ? r.parts.survey : null;
  };
  for (const p of PART_DEFS) {
    const items = s.round.rules.items.filter((i) => i.part === p.part);
    const first = ws.rowCount + 1;
    for (const i of items) {
      const row = ws.addRow({
        no: i.no,
        part: `${p.name}（${p.max / 100} 分）`,
        content: i.content,
        max: formatCenti(i.max),
        standard: i.standard,
        score: pts(scoreOf(i.no)),
        evidence: live
          .filter((d) => d.item === i.no)
          .map(
            (d) =>
              `${d.rule}${d.count > 1 ? ` ×${d.count}` : ''}${d.serviceObjectId ? `［${objectName(d.serviceObjectId)}］` : ''}：${d.evidence}（${d.recordedByName}）`,
          )
          .join('\n'),
      });
      row.alignment = { wrapText: true, vertical: 'top' };
    }
    ws.mergeCells(first, 2, first + items.length - 1, 2);
    ws.getCell(first, 2).alignment = { vertical: 'middle', wrapText: true };
  }
  ws.addRow([]);
  ws.addRow([
    '',
    '工作实绩',
    `现场检查服务对象 ${s.objects.length} 家：${s.objects.map((o) => o.name).join('、')}`,
  ]);
  ws.addRow(['', '满意度测评', `评议表 ${r.survey.n} 份，平均 ${pts(r.survey.score)} 分`]);
  ws.addRow(['', '检查表得分', pts(r.sheet)]);
  ws.addRow([
    '',
    '加分',
    `${pts(r.bonus.counted)}${r.bonus.claimed !== r.bonus.counted ? `（申报 ${pts(r.bonus.claimed)}，累计不超过 10 分）` : ''}`,
    '',
    s.bonuses.map((b) => `${formatCenti(b.points)} 分：${b.reason}（${b.authority}）`).join('\n'),
  ]);
  ws.addRow(['', '评定总分', pts(r.total)]);
  ws.addRow(['', '等级', r.grade ? gradeName(r.grade) : '待定', '', r.missing.join('；')]);
  for (const v of s.vetoes) {
    ws.addRow(['', '直接评定为差', v.code, '', v.evidence]);
  }
  ws.addRow([]);
  ws.addRow(['', '检查专家（签字）', s.experts.map((e) => e.displayName).join('、')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
