import type { AttemptStatus } from './attempt.entity';

/**
 * The server's clock rules, as pure functions of `now`. `now` is always the database's time (DbClock), never a
 * node's own clock, so that every node gives the same answer. The browser's clock is never consulted: every
 * message to a candidate carries the server time and the deadline, and the page counts down from their
 * difference.
 */

/** deadline = start + duration, never past the sitting's end (only an audited extension moves it further). */
export function initialDeadline(startedAt: Date, durationSeconds: number, windowEnd: Date): Date {
  return new Date(Math.min(startedAt.getTime() + durationSeconds * 1000, windowEnd.getTime()));
}

/** A deadline moved by a proctor's extension (seconds > 0). */
export function extendedDeadline(deadline: Date, seconds: number): Date {
  return new Date(deadline.getTime() + seconds * 1000);
}

/** Why a candidate cannot start now; null when they can. */
export type StartRefusal = 'not-admitted' | 'not-open' | 'late' | 'closed';

export interface StartWindow {
  admitted: boolean;
  windowStart: Date;
  windowEnd: Date;
  lateEntrySeconds: number;
}

export function startRefusal(w: StartWindow, now: Date): StartRefusal | null {
  const t = now.getTime();
  if (t >= w.windowEnd.getTime()) {
    return 'closed';
  }
  if (t < w.windowStart.getTime()) {
    return 'not-open';
  }
  if (t > w.windowStart.getTime() + w.lateEntrySeconds * 1000) {
    return 'late';
  }
  if (!w.admitted) {
    return 'not-admitted';
  }
  return null;
}

/** Why an answer write is refused. */
export type WriteRefusal = 'deadline-passed' | 'submitted' | 'voided' | 'taken-over' | 'not-started';

/**
 * Whether a write received at `receivedAt` may change the attempt: only while it is in progress and not
 * after its deadline (the deadline itself is the last instant accepted), and only from the newest login.
 */
export function writeRefusal(
  attempt: { status: AttemptStatus; deadline: Date; loginEpoch: number } | null,
  writerEpoch: number,
  receivedAt: Date,
): WriteRefusal | null {
  if (!attempt) {
    return 'not-started';
  }
  if (attempt.status === 'voided') {
    return 'voided';
  }
  if (attempt.status === 'submitted') {
    return 'submitted';
  }
  if (receivedAt.getTime() > attempt.deadline.getTime()) {
    return 'deadline-passed';
  }
  if (writerEpoch !== attempt.loginEpoch) {
    return 'taken-over';
  }
  return null;
}

/** What the candidate is told, in Chinese. */
export function refusalMessage(
  code: StartRefusal | WriteRefusal | 'invalid-response' | 'unavailable',
): string {
  switch (code) {
    case 'not-admitted':
      return '监考员尚未准许您入场，请等待';
    case 'not-open':
      return '考试尚未开始，请等待';
    case 'late':
      return '已超过迟到入场截止时间，不能开始答题';
    case 'closed':
      return '本场考试已结束';
    case 'deadline-passed':
      return '作答时间已结束，答案未被接受';
    case 'submitted':
      return '答卷已提交，不能再修改';
    case 'voided':
      return '答卷已被作废';
    case 'taken-over':
      return '您的账号已在其他设备登录，本设备的作答不再被接受';
    case 'not-started':
      return '尚未开始答题';
    case 'invalid-response':
      return '答案格式不正确';
    case 'unavailable':
      return '服务器暂时无法保存，答案已暂存在本机，将自动重试';
  }
}
