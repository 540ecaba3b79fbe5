import { bundledCalendarYears, CalendarCoverageError, isWorkingDay, noticePeriod } from './working-days';

describe('isWorkingDay', () => {
  it('knows weekends, holidays and 调休 workdays', () => {
    expect(isWorkingDay('2025-09-30')).toBe(true); // Tuesday
    expect(isWorkingDay('2025-10-01')).toBe(false); // 国庆
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2025-10-12')).toBe(false); // Sunday
  });
});

describe('noticePeriod', () => {
  it('counts 7 working days from the day after publication in an ordinary week', () => {
    // Published Monday 2025-11-10 → Tue 11 … Wed 19 (skipping the weekend of 15/16)
    expect(noticePeriod('2025-11-10')).toMatchObject({ start: '2025-11-11', end: '2025-11-19' });
  });

  it('skips 国庆 and counts the 调休 Saturday (2025)', () => {
    // Published Friday 2025-09-26: Sun 28 (调休), Mon 29, Tue 30, [Oct 1–8 holiday], Thu 9, Fri 10, Sat 11 (调休)
    const p = noticePeriod('2025-09-26');
    expect(p.workingDays).toEqual([
      '2025-09-28',
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
      '2025-10-13',
    ]);
  });

  it('skips 春节 (2026)', () => {
    // 2026 春节: 2026-02-15 … 2026-02-23 off; 调休 workdays Sat 2026-02-14 and Sat 2026-02-28
    const p = noticePeriod('2026-02-12');
    expect(p.workingDays).toEqual([
      '2026-02-13',
      '2026-02-14',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
    ]);
  });

  it('starts counting on the next day even when publication falls on a holiday', () => {
    expect(noticePeriod('2026-10-03').start).toBe('2026-10-08');
  });

  it('refuses a period that runs past the bundled calendar unless the year is entered', () => {
    const last = Math.max(...bundledCalendarYears());
    expect(() => noticePeriod(`${last}-12-28`)).toThrow(CalendarCoverageError);
    const p = noticePeriod(`${last}-12-28`, 7, [
      { year: last + 1, holidays: [`${last + 1}-01-01`], workdays: [] },
    ]);
    expect(p.workingDays).not.toContain(`${last + 1}-01-01`);
    expect(p.workingDays).toHaveLength(7);
  });
});
