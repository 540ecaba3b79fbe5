import { connectionView, clockWarnings, isOverdue, MAX_WATCH_RETRY_MS, watchRetryDelay } from './live-status';

describe('proctor console state', () => {
  it('retries a failed watch after 1 s, then doubling, up to 15 s', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map(watchRetryDelay)).toEqual([
      1000,
      2000,
      4000,
      8000,
      MAX_WATCH_RETRY_MS,
      MAX_WATCH_RETRY_MS,
      MAX_WATCH_RETRY_MS,
    ]);
  });

  it('flags an attempt still in progress more than 2.25 s after its deadline, by the server time', () => {
    const deadline = '2026-05-01T02:00:00.000Z';
    const t = Date.parse(deadline);
    expect(isOverdue({ state: 'in-progress', deadline }, t + 2250)).toBe(false);
    expect(isOverdue({ state: 'in-progress', deadline }, t + 2251)).toBe(true);
    expect(isOverdue({ state: 'submitted', deadline }, t + 60_000)).toBe(false);
    expect(isOverdue({ state: 'in-progress', deadline: null }, t)).toBe(false);
  });

  it('warns about each node out of bound until it recovers or goes quiet', () => {
    const reports = new Map([
      ['b:2', { node: 'b:2', ok: false, skewMs: 8012, boundMs: 1000, receivedAt: 1000 }],
      ['a:1', { node: 'a:1', ok: false, skewMs: -7990, boundMs: 1000, receivedAt: 1000 }],
      ['c:3', { node: 'c:3', ok: true, skewMs: 3, boundMs: 1000, receivedAt: 1000 }],
    ]);
    const w = clockWarnings(reports, 2000);
    expect(w.map((x) => x.node)).toEqual(['a:1', 'b:2']);
    expect(w[0].text).toContain('慢 8.0 秒');
    expect(w[1].text).toContain('快 8.0 秒');
    expect(w[1].text).toContain('允许 1.0 秒');
    expect(clockWarnings(reports, 1000 + 30_001)).toEqual([]);
  });
});

describe('the connection as the console shows it', () => {
  const row = { state: 'in-progress', stateName: '答题中' };
  it('shows 连接中断 with the time it dropped while the attempt is in progress', () => {
    expect(connectionView({ ...row, connected: false, disconnectedAt: '2026-06-01T01:02:03.000Z' })).toEqual({
      label: '连接中断',
      lost: true,
      since: '2026-06-01T01:02:03.000Z',
    });
    expect(connectionView({ ...row, connected: false })).toMatchObject({ label: '连接中断', since: null });
  });

  it('shows the state again once connected, and nothing while unknown or outside an attempt', () => {
    expect(connectionView({ ...row, connected: true, disconnectedAt: null })).toMatchObject({
      label: '答题中',
      lost: false,
    });
    expect(connectionView(row)).toMatchObject({ label: '答题中', lost: false });
    expect(connectionView({ state: 'waiting', stateName: '已登录，待入场', connected: false })).toMatchObject(
      {
        label: '已登录，待入场',
        lost: false,
      },
    );
  });
});
