import ExcelJS from 'exceljs';
import { disciplineName } from '../config/disciplines';
import type { AgencyComponentRow } from './agency-component.entity';
import { formatCenti } from './component';
import type { FormReliability } from './form-reliability.entity';
import type { Subtotal } from './grade-paper';
import type { ItemStatistic } from './item-statistic.entity';
import type { ResultOutcome } from './result-lists';
import type { CandidateResult, ResultStanding } from './results.service';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function standingName(s: ResultStanding): string {
  switch (s) {
    case 'graded':
      return '已评分';
    case 'voided':
      return '违纪作废';
    case 'absent':
      return '缺考';
    case 'pending':
      return '未完成';
    case 'unplaced':
      return '未安排场次';
  }
}

export function outcomeName(o: ResultOutcome): string {
  switch (o) {
    case 'passed':
      return '合格';
    case 'failed':
      return '不合格';
    case 'below-pass-mark':
      return '低于及格线';
    case 'voided':
      return '作废';
    case 'absent':
      return '缺考';
    case 'pending':
      return '未结束';
    case 'unplaced':
      return '未安排场次';
    case 'expert':
      return '专家库候选';
  }
}

const sub = (s: Subtotal | undefined): string => (s ? `${formatCenti(s.earned)}/${formatCenti(s.max)}` : '');
const ratio = (x: number | null): number | null => (x === null ? null : x / 10000);

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Array<{ header: string; width: number }>,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

/**
 * 考生成绩: every sampled technician, or those a filter selected (named in the title and on the sheet 说明), with
 * the ID number (an internal document for the bureau).
 */
export async function resultsWorkbook(
  campaignName: string,
  results: readonly CandidateResult[],
  filter = '',
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = `${campaignName} 考生成绩${filter ? `（筛选：${filter}）` : ''}`;
  const ws = sheet(wb, '考生成绩', [
    { header: '序号', width: 6 },
    { header: '机构名称', width: 34 },
    { header: '统一社会信用代码', width: 22 },
    { header: '姓名', width: 10 },
    { header: '身份证号', width: 21 },
    { header: '专业', width: 12 },
    { header: '准考证号', width: 16 },
    { header: '抽取方式', width: 8 },
    { header: '状态', width: 10 },
    { header: '成绩', width: 8 },
    { header: '判断题', width: 12 },
    { header: '单选题', width: 12 },
    { header: '多选题', width: 12 },
    { header: '公共部分', width: 12 },
    { header: '专业部分', width: 12 },
    { header: '及格线', width: 8 },
    { header: '是否合格', width: 8 },
    { header: '专家库候选', width: 10 },
  ]);
  results.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.agencyName,
      r.agencyCode,
      r.name,
      r.idNumber,
      disciplineName(r.discipline),
      r.ticketNumber ?? '',
      r.via === 'drawn' ? '抽中' : '递补',
      standingName(r.standing),
      r.standing === 'pending' || r.standing === 'unplaced' ? '' : formatCenti(r.score100),
      sub(r.bySection.judge),
      sub(r.bySection.single),
      sub(r.bySection.multiple),
      sub(r.byPart.common),
      sub(r.byPart.discipline),
      r.passMark100 === null ? '' : formatCenti(r.passMark100),
      r.standing === 'pending' || r.standing === 'unplaced' ? '' : r.passed ? '合格' : '不合格',
      r.expert ? '是' : '',
    ]);
  });
  const note = wb.addWorksheet('说明');
  note.getColumn(1).width = 80;
  note.addRow([`${campaignName} 考生成绩`]);
  note.addRow([
    filter ? `筛选条件：${filter}（共 ${results.length} 人）` : `全部考生（共 ${results.length} 人）`,
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 机构得分: N, k, mean and the 20-point component with its rule version, by rank. */
export async function componentsWorkbook(
  campaignName: string,
  agencies: ReadonlyArray<AgencyComponentRow & { rank: number | null }>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = `${campaignName} 机构技术人员抽考得分`;
  const ws = sheet(wb, '机构得分', [
    { header: '名次', width: 6 },
    { header: '机构名称', width: 34 },
    { header: '统一社会信用代码', width: 22 },
    { header: '技术人员数 N', width: 12 },
    { header: '抽考人数 k', width: 10 },
    { header: '计分人数', width: 9 },
    { header: '成绩合计', width: 10 },
    { header: '平均分', width: 9 },
    { header: '抽考得分（20分）', width: 16 },
    { header: '计算规则', width: 60 },
    { header: '计算时间', width: 22 },
    { header: '已锁定', width: 8 },
  ]);
  for (const a of agencies) {
    ws.addRow([
      a.rank ?? '',
      a.agencyName,
      a.agencyCode,
      a.rosterSize ?? '',
      a.sampleSize,
      a.counted,
      formatCenti(a.scoreSum),
      a.mean === null ? '不计分' : formatCenti(a.mean),
      a.component === null ? '不计分' : formatCenti(a.component),
      a.ruleVersion,
      a.computedAt.toISOString(),
      a.lockedAt ? '是' : '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function flagName(f: string): string {
  switch (f) {
    case 'negative-discrimination':
      return '区分度为负';
    case 'too-easy':
      return '过易';
    case 'too-hard':
      return '过难';
    default:
      return f;
  }
}

/** 题目分析: per item version, and KR-20 per discipline. */
export async function itemAnalysisWorkbook(
  campaignName: string,
  items: ReadonlyArray<ItemStatistic & { code: string | null }>,
  reliability: readonly FormReliability[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = `${campaignName} 题目分析`;
  const ws = sheet(wb, '题目分析', [
    { header: '题目编号', width: 14 },
    { header: '版本', width: 8 },
    { header: '题型', width: 8 },
    { header: '出处', width: 22 },
    { header: '作答人数', width: 9 },
    { header: '难度 p', width: 8 },
    { header: '区分度 D（27%）', width: 14 },
    { header: '点二列相关', width: 11 },
    { header: '选项分布', width: 36 },
    { header: '标记', width: 20 },
    { header: '复核状态', width: 10 },
    { header: '复核说明', width: 30 },
  ]);
  for (const s of items) {
    ws.addRow([
      s.code ?? String(s.itemId),
      s.versionId,
      s.questionType,
      s.sourceKey,
      s.n,
      ratio(s.facility),
      ratio(s.discriminationUl),
      ratio(s.pointBiserial),
      Object.entries(s.options)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([o, n]) => `${o === '' ? '未答' : o}:${n}`)
        .join(' '),
      s.flags.map(flagName).join('、'),
      s.reviewStatus === 'open' ? '待复核' : s.reviewStatus === 'reviewed' ? '已复核' : '',
      s.reviewNote ?? '',
    ]);
  }
  const rs = sheet(wb, '信度', [
    { header: '专业', width: 14 },
    { header: '考生数', width: 8 },
    { header: '每卷题数', width: 9 },
    { header: 'KR-20', width: 8 },
    { header: '方法', width: 24 },
  ]);
  for (const r of reliability) {
    rs.addRow([disciplineName(r.discipline), r.candidates, r.itemsPerPaper, ratio(r.kr20), r.method]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
