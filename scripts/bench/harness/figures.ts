/**
 * Figures: what every scenario returns and what the harness prints. A scenario returns plain objects with
 * `name`, `value`, `unit` (and an optional `target`, as scripts/bench/scenarios/draw.ts does); socket and
 * database scenarios add the bare limit they ran against, or name it in `baseline` and let the harness fill it
 * in from its own measurement in the same run.
 */

/** The bare limits the harness measures itself (see scripts/bench/baselines/). */
export type BaselineKind =
  /** Bare socket.io server, closed loop (each client sends its next message when the last is acknowledged). */
  | 'socket-acks'
  /** p99 acknowledgement latency of the bare socket.io server in that closed loop (ms). */
  | 'socket-acks-p99'
  /** p99 latency of `exam.start` (answered with a paper of the default size) on the bare server, same storm (ms). */
  | 'socket-start-p99'
  /** Bare socket.io server, paced load (the scenario's offered rate); value = acknowledged messages/s. */
  | 'socket-acks-paced'
  /** p99 acknowledgement latency of the bare socket.io server under the paced load (ms). */
  | 'socket-p99-paced'
  /** Resident memory of the bare socket.io server holding the same number of clients (MB). */
  | 'socket-rss'
  /** Raw mysql2 (or better-sqlite3) single-row durable upserts per second at the same concurrency. */
  | 'db-upserts'
  /** p99 latency of one raw single-row durable upsert (ms). */
  | 'db-upserts-p99'
  /** Raw durable upserts in batches of 20 rows: rows per second. */
  | 'db-batched'
  /** Bare HTTP server answering a constant JSON body, same autocannon settings: requests/s. */
  | 'http-rps'
  /** Its p99 latency (ms). */
  | 'http-p99';

export interface Figure {
  /** "<scenario>: <what>", e.g. "answers: durable acknowledged saves/s (2,000 candidates)". */
  name: string;
  /** null when it could not be measured (the note says why). */
  value: number | null;
  unit: string;
  /** The target from issue 9, as text ("< 2000", "≥ 2000/s"). */
  target?: string;
  /** The bare limit measured in the same run, in the same unit. */
  bare?: number | null;
  /** What the bare figure is (e.g. "bare socket.io, closed loop, 2,000 clients"). */
  bareLabel?: string;
  /** ours ÷ bare; filled in by the harness when both are known. */
  ratio?: number | null;
  /** Which of the harness's own bare measurements to compare with when `bare` is not given. */
  baseline?: BaselineKind;
  /** Anything a reader needs to interpret the figure (settings, errors, why it is missing). */
  note?: string;
}

/** Rounds for printing without losing small values (3 significant digits below 100, integers above). */
export function roundFigure(v: number): number {
  if (!Number.isFinite(v)) {
    return v;
  }
  const a = Math.abs(v);
  if (a >= 100) {
    return Math.round(v);
  }
  if (a >= 10) {
    return Math.round(v * 10) / 10;
  }
  if (a >= 1) {
    return Math.round(v * 100) / 100;
  }
  return Math.round(v * 1000) / 1000;
}

/** ours ÷ bare, or null when either is missing or bare is zero. */
export function ratioOf(value: number | null | undefined, bare: number | null | undefined): number | null {
  if (value === null || value === undefined || bare === null || bare === undefined || bare === 0) {
    return null;
  }
  return Math.round((value / bare) * 100) / 100;
}

/** Fills `bare` from the harness's own baselines where the scenario named one, and computes every ratio. */
export function completeFigure(f: Figure, baselines: Partial<Record<BaselineKind, Figure>>): Figure {
  const out: Figure = { ...f };
  if ((out.bare === undefined || out.bare === null) && out.baseline) {
    const b = baselines[out.baseline];
    if (b) {
      out.bare = b.value;
      out.bareLabel = out.bareLabel ?? b.bareLabel ?? b.name;
    }
  }
  if (out.ratio === undefined || out.ratio === null) {
    const r = ratioOf(out.value, out.bare);
    if (r !== null) {
      out.ratio = r;
    }
  }
  return out;
}

/** `name: value unit (target …; bare …; ratio …)` — one line per figure. */
export function formatFigure(f: Figure): string {
  const value = f.value === null ? 'n/a' : String(roundFigure(f.value));
  const extras: string[] = [];
  if (f.target) {
    extras.push(`target ${f.target}`);
  }
  if (f.bare !== undefined && f.bare !== null) {
    extras.push(`bare ${roundFigure(f.bare)} ${f.unit}${f.bareLabel ? ` — ${f.bareLabel}` : ''}`);
  }
  if (f.ratio !== undefined && f.ratio !== null) {
    extras.push(`ratio ${f.ratio}`);
  }
  if (f.note) {
    extras.push(f.note);
  }
  return `${f.name}: ${value} ${f.unit}${extras.length ? ` (${extras.join('; ')})` : ''}`;
}

/** Accepts what a scenario module returned and keeps only well-formed figures (others become a note). */
export function normaliseFigures(scenario: string, raw: unknown): Figure[] {
  if (!Array.isArray(raw)) {
    return [
      {
        name: `${scenario}: result`,
        value: null,
        unit: '',
        note: 'the scenario returned no list of figures',
      },
    ];
  }
  return raw.map((r: unknown, i) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const value = typeof o.value === 'number' && Number.isFinite(o.value) ? o.value : null;
    const fig: Figure = {
      name: typeof o.name === 'string' ? o.name : `${scenario}: figure ${i + 1}`,
      value,
      unit: typeof o.unit === 'string' ? o.unit : '',
    };
    for (const k of ['target', 'bareLabel', 'note', 'baseline'] as const) {
      if (typeof o[k] === 'string') {
        (fig as unknown as Record<string, unknown>)[k] = o[k];
      }
    }
    for (const k of ['bare', 'ratio'] as const) {
      if (typeof o[k] === 'number' && Number.isFinite(o[k])) {
        fig[k] = o[k];
      }
    }
    return fig;
  });
}
