import type { YearCalendar } from './working-days';

/** Problems of an entered year's calendar (dates of another year, a weekday 调休 "workday", a weekend "holiday"). */
export function calendarProblems(c: YearCalendar): string[] {
  const problems: string[] = [];
  const check = (list: string[], field: 'holidays' | 'workdays') => {
    const seen = new Set<string>();
    for (const d of list) {
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(d) ||
        Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ||
        new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d
      ) {
        problems.push(`${field}：${d} 不是有效日期（YYYY-MM-DD）`);
        continue;
      }
      if (Number(d.slice(0, 4)) !== c.year) {
        problems.push(`${field}：${d} 不属于 ${c.year} 年`);
      }
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      if (field === 'workdays' && !weekend) {
        problems.push(`workdays：${d} 是工作日，调休上班日只需列出周末`);
      }
      if (field === 'holidays' && weekend) {
        problems.push(`holidays：${d} 是周末，只需列出落在工作日的节假日`);
      }
      if (seen.has(d)) {
        problems.push(`${field}：${d} 重复`);
      }
      seen.add(d);
    }
  };
  check(c.holidays, 'holidays');
  check(c.workdays, 'workdays');
  return problems;
}
