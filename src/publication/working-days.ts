import calendar from 'chinese-days/dist/chinese-days.json';

/**
 * A year's official calendar entered by an administrator, for years the bundled calendar does not cover
 * (the State Council publishes the next year's 放假安排 late in the year).
 */
export interface YearCalendar {
  year: number;
  /** Statutory holidays and the rest days around them that fall on weekdays (YYYY-MM-DD). */
  holidays: string[];
  /** 调休 make-up workdays that fall on weekends (YYYY-MM-DD). */
  workdays: string[];
}

export class CalendarCoverageError extends Error {
  constructor(readonly year: number) {
    super(`${year}年的节假日安排不在内置日历中，请管理员先录入该年度日历`);
  }
}

const bundled = calendar as { holidays: Record<string, string>; workdays: Record<string, string> };
const bundledYears = new Set(Object.keys(bundled.holidays).map((d) => Number(d.slice(0, 4))));

/** Years the bundled chinese-days calendar covers. */
export function bundledCalendarYears(): number[] {
  return [...bundledYears].sort((a, b) => a - b);
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether a day is a working day: Monday–Friday unless a statutory holiday, Saturday–Sunday only when a 调休
 * make-up workday. A custom calendar for the year takes precedence over the bundled one; a year covered by
 * neither is refused (CalendarCoverageError), never guessed.
 */
export function isWorkingDay(date: string, custom: readonly YearCalendar[] = []): boolean {
  const year = Number(date.slice(0, 4));
  const own = custom.find((c) => c.year === year);
  let holiday: boolean;
  let makeUp: boolean;
  if (own) {
    holiday = own.holidays.includes(date);
    makeUp = own.workdays.includes(date);
  } else if (bundledYears.has(year)) {
    holiday = date in bundled.holidays;
    makeUp = date in bundled.workdays;
  } else {
    throw new CalendarCoverageError(year);
  }
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  return weekend ? makeUp : !holiday;
}

export interface NoticePeriod {
  /** First working day of the period. */
  start: string;
  /** Last working day of the period: the results become final after it. */
  end: string;
  workingDays: string[];
}

/**
 * The notice period (公示期): `count` working days counted from the day after publication (民法典 第二百零一条:
 * a period in days starts the next day), skipping weekends and statutory holidays and counting 调休 workdays.
 */
export function noticePeriod(
  publishedOn: string,
  count = 7,
  custom: readonly YearCalendar[] = [],
): NoticePeriod {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(publishedOn) || Number.isNaN(Date.parse(publishedOn))) {
    throw new RangeError(`invalid date ${publishedOn}`);
  }
  const days: string[] = [];
  for (let d = addDays(publishedOn, 1); days.length < count; d = addDays(d, 1)) {
    if (isWorkingDay(d, custom)) {
      days.push(d);
    }
  }
  return { start: days[0], end: days[days.length - 1], workingDays: days };
}
