/**
 * The exam clock as the browser sees it. The server owns time: every message carries the server's time and the
 * attempt's deadline, and the page counts down from those, never from the browser clock alone. A sample is
 * (local send time, local receive time, server time); the offset is the server time minus the midpoint of the
 * round trip, and the sample with the shortest round trip among the recent ones wins (its error is smallest).
 */

export interface ClockSample {
  /** Browser time (ms since epoch) when the request left, or the receive time when unknown. */
  sentAt: number;
  /** Browser time (ms since epoch) when the answer arrived. */
  receivedAt: number;
  /** The server's time (ms since epoch) stated in the answer. */
  serverTime: number;
}

/** server time − browser time, in ms, from one sample (NTP's midpoint estimate). */
export function offsetFromSample(s: ClockSample): number {
  const sent = Math.min(s.sentAt, s.receivedAt);
  return s.serverTime - (sent + s.receivedAt) / 2;
}

export class ServerClock {
  private samples: Array<{ offset: number; rtt: number; at: number }> = [];

  /** @param keep how many recent samples to choose the best from */
  constructor(private readonly keep = 8) {}

  /** Records a sample; returns the offset now in force. */
  observe(sample: ClockSample): number {
    const rtt = Math.max(0, sample.receivedAt - Math.min(sample.sentAt, sample.receivedAt));
    this.samples.push({ offset: offsetFromSample(sample), rtt, at: sample.receivedAt });
    if (this.samples.length > this.keep) {
      this.samples.shift();
    }
    return this.offset;
  }

  /** server time − browser time (ms); 0 before any sample. */
  get offset(): number {
    if (this.samples.length === 0) {
      return 0;
    }
    let best = this.samples[0];
    for (const s of this.samples) {
      // Shorter round trips bound the error better; among equals, the newest reflects clock drift.
      if (s.rtt < best.rtt || (s.rtt === best.rtt && s.at >= best.at)) {
        best = s;
      }
    }
    return best.offset;
  }

  get synchronised(): boolean {
    return this.samples.length > 0;
  }

  /** The server's time now, given the browser's time now. */
  now(localNow: number): number {
    return localNow + this.offset;
  }

  /** Milliseconds left before `deadline` (server time, ms since epoch), never negative. */
  remaining(deadline: number, localNow: number): number {
    return Math.max(0, deadline - this.now(localNow));
  }
}

/** "1:59:58" above an hour, "59:58" below; rounded up so that 0:00 appears only at the deadline. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export type CountdownLevel = 'normal' | 'warning' | 'critical' | 'over';

/** How urgent the remaining time looks: ≤ 15 min warning, ≤ 5 min critical, 0 over. */
export function countdownLevel(ms: number, warnMs = 15 * 60_000, criticalMs = 5 * 60_000): CountdownLevel {
  if (ms <= 0) {
    return 'over';
  }
  if (ms <= criticalMs) {
    return 'critical';
  }
  if (ms <= warnMs) {
    return 'warning';
  }
  return 'normal';
}

/** Parses what servers send for instants: ISO strings or epoch milliseconds. */
export function toEpochMs(v: string | number | Date | null | undefined): number | null {
  if (v === null || v === undefined || v === '') {
    return null;
  }
  if (typeof v === 'number') {
    return v;
  }
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/**
 * What to tell the candidate when the deadline moves later (a proctor's extension): the minutes added and the
 * new end in Beijing time. Null for the first deadline, an earlier one, or a shift under 30 s (clock
 * corrections), so that only a real extension is announced.
 */
export function extensionNotice(previousMs: number | null, nextMs: number | null): string | null {
  if (previousMs === null || nextMs === null || nextMs - previousMs < 30_000) {
    return null;
  }
  const minutes = Math.round((nextMs - previousMs) / 60_000);
  const end = new Date(nextMs + 8 * 3600_000);
  const hhmm = `${String(end.getUTCHours()).padStart(2, '0')}:${String(end.getUTCMinutes()).padStart(2, '0')}`;
  const added = minutes >= 1 ? `${minutes} 分钟` : `${Math.round((nextMs - previousMs) / 1000)} 秒`;
  return `监考员已为您延长考试时间 ${added}，新的结束时间为 ${hhmm}（北京时间）。倒计时已更新。`;
}
