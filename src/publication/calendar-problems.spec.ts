import { calendarProblems } from './calendar-problems';

describe('calendarProblems', () => {
  it('accepts weekday holidays and weekend 调休 workdays of the year', () => {
    // 2026: 国庆 Thu 1 Oct … Wed 7 Oct (weekdays 1, 2, 5, 6, 7), 调休 Sat 10 Oct.
    expect(
      calendarProblems({
        year: 2026,
        holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
        workdays: ['2026-10-10'],
      }),
    ).toEqual([]);
  });

  it('names each bad date and why', () => {
    const problems = calendarProblems({
      year: 2027,
      holidays: ['2026-12-31', '2027-02-30', '2027-01-02', '2027-01-01', '2027-01-01'],
      workdays: ['2027-01-04'],
    });
    expect(problems).toEqual([
      'holidays：2026-12-31 不属于 2027 年',
      'holidays：2027-02-30 不是有效日期（YYYY-MM-DD）',
      'holidays：2027-01-02 是周末，只需列出落在工作日的节假日',
      'holidays：2027-01-01 重复',
      'workdays：2027-01-04 是工作日，调休上班日只需列出周末',
    ]);
  });
});
