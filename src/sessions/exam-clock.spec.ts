import { extendedDeadline, initialDeadline, startRefusal, writeRefusal } from './exam-clock';

const at = (s: string) => new Date(`2026-05-10T${s}Z`);

describe('the exam clock', () => {
  it('gives start + duration, capped by the end of the window', () => {
    expect(initialDeadline(at('09:00:00'), 7200, at('11:30:00'))).toEqual(at('11:00:00'));
    expect(initialDeadline(at('10:00:00'), 7200, at('11:30:00'))).toEqual(at('11:30:00'));
    expect(extendedDeadline(at('11:30:00'), 600)).toEqual(at('11:40:00'));
  });

  it('lets a candidate start only when admitted, inside the window and before the late-entry cutoff', () => {
    const w = {
      admitted: true,
      windowStart: at('09:00:00'),
      windowEnd: at('11:00:00'),
      lateEntrySeconds: 1800,
    };
    expect(startRefusal(w, at('08:59:59'))).toBe('not-open');
    expect(startRefusal(w, at('09:00:00'))).toBeNull();
    expect(startRefusal(w, at('09:30:00'))).toBeNull();
    expect(startRefusal(w, at('09:30:01'))).toBe('late');
    expect(startRefusal(w, at('11:00:00'))).toBe('closed');
    expect(startRefusal({ ...w, admitted: false }, at('09:10:00'))).toBe('not-admitted');
  });

  it('accepts writes up to and including the deadline, from the newest login only', () => {
    const a = { status: 'in_progress' as const, deadline: at('11:00:00'), loginEpoch: 2 };
    expect(writeRefusal(a, 2, at('11:00:00'))).toBeNull();
    expect(writeRefusal(a, 2, new Date(at('11:00:00').getTime() + 1))).toBe('deadline-passed');
    expect(writeRefusal(a, 1, at('10:00:00'))).toBe('taken-over');
    expect(writeRefusal({ ...a, status: 'submitted' }, 2, at('10:00:00'))).toBe('submitted');
    expect(writeRefusal({ ...a, status: 'voided' }, 2, at('10:00:00'))).toBe('voided');
    expect(writeRefusal(null, 2, at('10:00:00'))).toBe('not-started');
  });
});
