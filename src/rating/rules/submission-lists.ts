/**
 * The lists an agency submits with its self-assessment (四（一）): 附件2 法定评价项目和报告清单 and 附件3 企业隐患排查
 * 报告清单. The columns are those of the policy's forms; a file is accepted whole or not at all, with every
 * problem named by row.
 */
export type SubmissionKind = 'statutory-projects' | 'hazard-services';
export const SUBMISSION_KINDS: readonly SubmissionKind[] = ['statutory-projects', 'hazard-services'];

export interface ListColumn {
  header: string;
  required: boolean;
  date?: boolean;
  width: number;
}

export function submissionTitle(kind: SubmissionKind): string {
  switch (kind) {
    case 'statutory-projects':
      return '法定评价项目和报告清单';
    case 'hazard-services':
      return '安全生产技术服务机构企业隐患排查报告清单';
  }
}

export function submissionColumns(kind: SubmissionKind): ListColumn[] {
  switch (kind) {
    case 'statutory-projects':
      return [
        { header: '序号', required: false, width: 6 },
        { header: '项目名称', required: true, width: 30 },
        { header: '项目时间', required: true, date: true, width: 12 },
        { header: '报告评审时间', required: false, date: true, width: 12 },
        { header: '评审机关', required: false, width: 18 },
        { header: '生产经营单位', required: true, width: 26 },
        { header: '所属行业', required: false, width: 12 },
        { header: '所在县区', required: false, width: 10 },
        { header: '评价机构', required: false, width: 24 },
        { header: '注册地', required: false, width: 10 },
        { header: '项目负责人', required: false, width: 10 },
      ];
    case 'hazard-services':
      return [
        { header: '企业名称', required: true, width: 26 },
        { header: '隐患排查项目报告名称', required: true, width: 30 },
        { header: '项目所在地（县区乡镇）', required: false, width: 20 },
        { header: '项目检查时间', required: true, date: true, width: 12 },
        { header: '报告出具时间', required: false, date: true, width: 12 },
        { header: '复查时间', required: false, date: true, width: 12 },
        { header: '整改情况', required: false, width: 24 },
      ];
  }
}

export interface ListProblem {
  /** Row number in the sheet (1 = the header). */
  row: number;
  reason: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the header and every row (cells already as text, dates as YYYY-MM-DD). Blank rows are skipped.
 * Returns the rows keyed by header, or every problem.
 */
export function checkSubmissionRows(
  kind: SubmissionKind,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): { rows: Record<string, string>[]; problems: ListProblem[] } {
  const columns = submissionColumns(kind);
  const expected = columns.map((c) => c.header);
  const got = header.map((h) => h.trim());
  if (expected.some((h, i) => got[i] !== h)) {
    return {
      rows: [],
      problems: [{ row: 1, reason: `表头应为：${expected.join('、')}（请使用系统提供的模板）` }],
    };
  }
  const out: Record<string, string>[] = [];
  const problems: ListProblem[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const values = columns.map((_, k) => (cells[k] ?? '').trim());
    if (values.every((v) => v === '')) {
      return;
    }
    columns.forEach((c, k) => {
      const v = values[k];
      if (c.required && v === '') {
        problems.push({ row, reason: `“${c.header}”不能为空` });
      } else if (c.date && v !== '' && !DATE.test(v)) {
        problems.push({ row, reason: `“${c.header}”应为日期（如 2026-03-15），收到“${v}”` });
      }
    });
    out.push(Object.fromEntries(columns.map((c, k) => [c.header, values[k]])));
  });
  if (out.length === 0 && problems.length === 0) {
    problems.push({ row: 2, reason: '清单没有数据行' });
  }
  return problems.length ? { rows: [], problems } : { rows: out, problems };
}
