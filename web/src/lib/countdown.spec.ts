import {
  countdownLevel,
  extensionNotice,
  formatRemaining,
  offsetFromSample,
  ServerClock,
  toEpochMs,
} from './countdown';

describe('server clock', () => {
  it('estimates the offset from the midpoint of the round trip', () => {
    // Browser sends at 1000, receives at 1200; the server said 5100 (its clock is 4000 ahead).
    expect(offsetFromSample({ sentAt: 1000, receivedAt: 1200, serverTime: 5100 })).toBe(4000);
  });

  it('counts down against the server clock, not the browser clock', () => {
    const clock = new ServerClock();
    // The browser clock is 10 minutes behind the server.
    clock.observe({ sentAt: 0, receivedAt: 0, serverTime: 600_000 });
    const deadline = 600_000 + 120 * 60_000;
    expect(clock.remaining(deadline, 0)).toBe(120 * 60_000);
    expect(clock.remaining(deadline, 60_000)).toBe(119 * 60_000);
    // A browser clock moved by the candidate changes nothing once a new sample arrives.
    clock.observe({ sentAt: 3_600_000, receivedAt: 3_600_000, serverTime: 600_000 + 60_000 });
    expect(clock.remaining(deadline, 3_600_000)).toBe(119 * 60_000);
  });

  it('prefers the sample with the shortest round trip', () => {
    const clock = new ServerClock();
    clock.observe({ sentAt: 0, receivedAt: 2000, serverTime: 10_000 }); // rtt 2000 → offset 9000
    clock.observe({ sentAt: 5000, receivedAt: 5100, serverTime: 15_050 }); // rtt 100 → offset 10000
    clock.observe({ sentAt: 8000, receivedAt: 9000, serverTime: 17_000 }); // rtt 1000 → offset 8500
    expect(clock.offset).toBe(10_000);
  });

  it('forgets old samples beyond its window', () => {
    const clock = new ServerClock(2);
    clock.observe({ sentAt: 0, receivedAt: 0, serverTime: 100 });
    clock.observe({ sentAt: 10, receivedAt: 60, serverTime: 1035 });
    clock.observe({ sentAt: 100, receivedAt: 150, serverTime: 2125 });
    // The zero-rtt sample fell out; of the two 50 ms samples the newest wins.
    expect(clock.offset).toBe(2000);
  });

  it('is zero and unsynchronised before any sample, and never returns negative time', () => {
    const clock = new ServerClock();
    expect(clock.synchronised).toBe(false);
    expect(clock.now(1234)).toBe(1234);
    expect(clock.remaining(1000, 5000)).toBe(0);
  });
});

describe('formatting the remaining time', () => {
  it.each([
    [0, '00:00'],
    [1, '00:01'],
    [59_001, '01:00'],
    [60_000, '01:00'],
    [3_599_000, '59:59'],
    [3_600_000, '1:00:00'],
    [7_200_000, '2:00:00'],
    [-5, '00:00'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });

  it('grades urgency', () => {
    expect(countdownLevel(16 * 60_000)).toBe('normal');
    expect(countdownLevel(15 * 60_000)).toBe('warning');
    expect(countdownLevel(5 * 60_000)).toBe('critical');
    expect(countdownLevel(0)).toBe('over');
  });

  it('reads ISO strings and epoch numbers', () => {
    expect(toEpochMs('2026-03-01T08:00:00.000Z')).toBe(Date.UTC(2026, 2, 1, 8));
    expect(toEpochMs(42)).toBe(42);
    expect(toEpochMs(null)).toBeNull();
    expect(toEpochMs('not a date')).toBeNull();
  });
});

describe('extensionNotice', () => {
  const t0 = Date.UTC(2026, 4, 10, 2, 0); // 10:00 in Beijing
  it('announces a real extension with the minutes added and the new end in Beijing time', () => {
    expect(extensionNotice(t0, t0 + 10 * 60_000)).toBe(
      '监考员已为您延长考试时间 10 分钟，新的结束时间为 10:10（北京时间）。倒计时已更新。',
    );
  });
  it('stays silent for the first deadline, an earlier one and clock corrections', () => {
    expect(extensionNotice(null, t0)).toBeNull();
    expect(extensionNotice(t0, t0 - 60_000)).toBeNull();
    expect(extensionNotice(t0, t0 + 5_000)).toBeNull();
  });
});
