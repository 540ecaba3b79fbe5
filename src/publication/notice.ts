import type { NoticePeriod } from './working-days';

/** The calendar date in China (UTC+8, no daylight saving), YYYY-MM-DD: notice periods count local days. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The instant a China calendar day ends (its last millisecond + 1), i.e. 00:00 of the next day at UTC+8. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 3600_000 - 8 * 3600_000);
}

export type NoticeState = 'in-notice' | 'notice-ended' | 'final';

/** Where published results stand at `now`. */
export function noticeState(
  period: Pick<NoticePeriod, 'end'>,
  finalisedAt: Date | null,
  now: Date,
): NoticeState {
  if (finalisedAt) {
    return 'final';
  }
  return chinaDate(now) > period.end ? 'notice-ended' : 'in-notice';
}

export function noticeStateName(s: NoticeState): string {
  switch (s) {
    case 'in-notice':
      return '公示中';
    case 'notice-ended':
      return '公示期已满，待确认';
    case 'final':
      return '结果已确定';
  }
}

/** Objections are accepted from publication to the end of the period's last working day. */
export function objectionsOpen(
  period: Pick<NoticePeriod, 'end'>,
  finalisedAt: Date | null,
  now: Date,
): boolean {
  return noticeState(period, finalisedAt, now) === 'in-notice';
}

/** Results may be made final only once the whole period has passed. */
export function mayFinalise(period: Pick<NoticePeriod, 'end'>, now: Date): boolean {
  return chinaDate(now) > period.end;
}
