import { join } from 'node:path';
import { runForked, serveForked } from './processes';

/*
 * HTTP load with autocannon, from a separate process (forked; never inside the harness or the server). Used by
 * the harness for the bare HTTP limit; scenarios may use it for their own HTTP figures so that ours and the
 * bare one come from the same generator with the same settings.
 */

export interface HttpLoadInput {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** Several request shapes cycled through (e.g. different people's lookups); overrides method/body. */
  requests?: Array<{
    method?: 'GET' | 'POST' | 'PUT';
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }>;
  pipelining?: number;
  timeoutSeconds?: number;
}

export interface HttpLoadResult {
  /**
   * 2xx answers per second: the mean of autocannon's per-second samples, scaled by the 2xx share (its overall
   * duration also counts setting up the request list, which is long with thousands of request shapes).
   */
  requestsPerSec: number;
  /** Seconds from autocannon's start to its end, set-up included. */
  durationSeconds: number;
  /** Requests answered 2xx. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
}

/** The part of autocannon's result read here (the package ships no types). */
interface AutocannonResult {
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  statusCodeStats?: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Per-second samples of completed requests (any status). */
  requests: { average: number };
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

export async function runHttpLoadInProcess(input: HttpLoadInput): Promise<HttpLoadResult> {
  // A specifier typed as string: autocannon ships no types; the shape used is declared above.
  const specifier: string = 'autocannon';
  const mod = (await import(specifier)) as { default: Autocannon };
  const res = await mod.default({
    url: input.url,
    connections: input.connections,
    duration: input.duration,
    method: input.method ?? 'GET',
    headers: input.headers,
    body: input.body,
    requests: input.requests,
    pipelining: input.pipelining ?? 1,
    timeout: input.timeoutSeconds ?? 10,
  });
  const codes: Record<string, number> = {};
  for (const [code, v] of Object.entries(res.statusCodeStats ?? {})) {
    codes[code] = v.count;
  }
  const ok = res['2xx'] ?? 0;
  const answered = ok + res.non2xx;
  return {
    requestsPerSec: Math.round(res.requests.average * (answered > 0 ? ok / answered : 0)),
    durationSeconds: res.duration,
    ok,
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    latencyMs: {
      p50: res.latency.p50,
      p90: res.latency.p90,
      p99: res.latency.p99,
      max: res.latency.max,
      mean: res.latency.mean,
    },
    statusCodes: codes,
  };
}

/** Runs autocannon in a forked process; bounded by the duration plus `slackMs`. */
export function runHttpLoad(input: HttpLoadInput, slackMs = 20_000): Promise<HttpLoadResult> {
  return runForked<HttpLoadInput, HttpLoadResult>(
    'autocannon',
    join(__dirname, 'http-load.ts'),
    input,
    input.duration * 1000 + slackMs,
  );
}

if (require.main === module) {
  serveForked(runHttpLoadInProcess);
}
