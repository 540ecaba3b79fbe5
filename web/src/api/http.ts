/**
 * The one HTTP client: JSON in and out, the bearer token of whoever is signed in, and the server's Chinese error
 * message surfaced as ApiError.message. Every domain module (api/*.ts) calls these helpers only.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type TokenSource = () => string | null;
let tokenSource: TokenSource = () => null;
let onUnauthorized: (() => void) | null = null;

/** The stores register how to find the current token and what to do when it has expired. */
export function configureHttp(opts: { token: TokenSource; onUnauthorized?: () => void }): void {
  tokenSource = opts.token;
  onUnauthorized = opts.onUnauthorized ?? null;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Use this token instead of the signed-in one (candidate pages). */
  token?: string | null;
  signal?: AbortSignal;
  /** Return the raw Response (downloads). */
  raw?: boolean;
}

function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) {
    return path;
  }
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') {
      qs.set(k, String(v));
    }
  }
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/** The message of a Nest error body: a string, or class-validator's list of strings. */
export function messageOf(body: unknown, status: number): string {
  const b = body as { message?: unknown; error?: unknown } | null;
  const m = b?.message;
  if (Array.isArray(m) && m.length > 0) {
    return m.map(String).join('；');
  }
  if (typeof m === 'string' && m) {
    return m;
  }
  if (status === 0) {
    return '无法连接服务器，请检查网络';
  }
  if (status === 404) {
    return '接口不存在或对象未找到（404）';
  }
  return `请求失败（${status}）`;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.token !== undefined ? opts.token : tokenSource();
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof Blob) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') {
      throw err;
    }
    throw new ApiError(0, messageOf(null, 0));
  }
  if (opts.raw && res.ok) {
    return res as unknown as T;
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && token && opts.token === undefined) {
      onUnauthorized?.();
    }
    const b = data as { code?: string; details?: unknown } | null;
    throw new ApiError(res.status, messageOf(data, res.status), b?.code, b?.details);
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** Fetches a file with the signed-in token and hands it to the browser as a download. */
export async function download(
  path: string,
  fallbackName: string,
  query?: RequestOptions['query'],
): Promise<void> {
  const res = await request<Response>('GET', path, { raw: true, query });
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Whether an error means "this endpoint is not there yet" (the page shows a notice instead of failing). */
export function isMissingEndpoint(err: unknown): boolean {
  // Nest answers an unknown route with "Cannot GET …", the app's fallback with "未找到：GET …"; a missing record
  // has its own message ("批次不存在：3").
  return err instanceof ApiError && err.status === 404 && /^(未找到：|Cannot [A-Z]+ )/.test(err.message);
}
