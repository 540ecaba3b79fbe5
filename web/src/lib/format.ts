/** Display helpers shared by the pages. Times are shown in China Standard Time whatever the browser's zone. */

const TZ = 'Asia/Shanghai';

function parts(v: string | number | Date): Record<string, string> {
  const d = v instanceof Date ? v : new Date(v);
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)) {
    out[p.type] = p.value;
  }
  return out;
}

/** 2026-03-01 16:00 */
export function formatDateTime(v: string | number | Date | null | undefined, seconds = false): string {
  if (v === null || v === undefined || v === '') {
    return '—';
  }
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    return String(v);
  }
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}

/** 2026-03-01 (a date-only string is shown as it is). */
export function formatDate(v: string | number | Date | null | undefined): string {
  if (v === null || v === undefined || v === '') {
    return '—';
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    return v;
  }
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    return String(v);
  }
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** HH:mm:ss */
export function formatTime(v: string | number | Date): string {
  const p = parts(v);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** Two decimals, as scores are published. */
export function score2(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '') {
    return '—';
  }
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n.toFixed(2) : String(v);
}

/** A "<input type=datetime-local>" value in China time → ISO string (UTC). */
export function localInputToIso(v: string): string {
  // The value has no zone: read it as +08:00.
  return new Date(`${v.length === 16 ? `${v}:00` : v}+08:00`).toISOString();
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}
