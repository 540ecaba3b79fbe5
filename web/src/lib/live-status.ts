/**
 * The proctor console's own state, as pure functions: when to ask for the live view again after a failed
 * watch, which candidates are overdue, and which nodes' clocks to warn about.
 */

/** Longest wait between two attempts to watch the sitting again. */
export const MAX_WATCH_RETRY_MS = 15_000;

/** Wait before the next watch after `failures` failed ones in a row (1 s, 2 s, 4 s … up to 15 s). */
export function watchRetryDelay(failures: number): number {
  return Math.min(MAX_WATCH_RETRY_MS, 1000 * 2 ** Math.min(Math.max(failures, 1) - 1, 10));
}

/**
 * How long past its deadline an attempt may stay in progress before the console flags it (the server's
 * OVERDUE_AFTER_MS: the sweepers run every second and wait 250 ms for writes in flight).
 */
export const OVERDUE_AFTER_MS = 2250;

/** Whether a candidate should have been submitted by now (`serverNow`: the server's time, ms). */
export function isOverdue(c: { state: string; deadline: string | null }, serverNow: number): boolean {
  if (c.state !== 'in-progress' || !c.deadline) {
    return false;
  }
  const d = Date.parse(c.deadline);
  return Number.isFinite(d) && serverNow > d + OVERDUE_AFTER_MS;
}

/** A node's clock compared with the database's, as the server reports it. */
export interface NodeClock {
  node: string;
  ok: boolean;
  skewMs: number | null;
  boundMs: number;
}

/** A skewed node announces itself every 5 s; a warning not renewed for this long is dropped. */
export const CLOCK_WARNING_TTL_MS = 30_000;

/**
 * The clock warnings to show: the latest report of each node that is out of bound and was heard from within
 * CLOCK_WARNING_TTL_MS of `now` (the browser's time of receipt is used, never compared with the server's).
 */
export function clockWarnings(
  reports: ReadonlyMap<string, NodeClock & { receivedAt: number }>,
  now: number,
): Array<NodeClock & { text: string }> {
  const out: Array<NodeClock & { text: string }> = [];
  for (const r of reports.values()) {
    if (r.ok || now - r.receivedAt > CLOCK_WARNING_TTL_MS) {
      continue;
    }
    const skew =
      r.skewMs === null
        ? '无法测得'
        : `${r.skewMs > 0 ? '快' : '慢'} ${(Math.abs(r.skewMs) / 1000).toFixed(1)} 秒`;
    out.push({
      ...r,
      text: `服务器节点 ${r.node} 的时钟与数据库${skew}（允许 ${(r.boundMs / 1000).toFixed(1)} 秒）。截止时间以数据库时间为准，请通知运维人员校准该节点的时钟。`,
    });
  }
  return out.sort((a, b) => a.node.localeCompare(b.node));
}

/** What the console shows of a candidate's connection, from the server's view. */
export interface ConnectionView {
  /** The state tag: 连接中断 replaces 答题中 while the socket is gone. */
  label: string;
  lost: boolean;
  /** When it dropped (ISO), if known. */
  since: string | null;
}

/**
 * 连接中断 while the attempt is in progress and the server sees no socket of the candidate (with the time it
 * dropped, when the server logged it); otherwise the state's own name.
 */
export function connectionView(c: {
  state: string;
  stateName: string;
  connected?: boolean;
  disconnectedAt?: string | null;
}): ConnectionView {
  if (c.state === 'in-progress' && c.connected === false) {
    return { label: '连接中断', lost: true, since: c.disconnectedAt ?? null };
  }
  return { label: c.stateName, lost: false, since: null };
}
