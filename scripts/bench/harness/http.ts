/** A small JSON client for the app's HTTP API, with a time limit on every request. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status}: ${JSON.stringify(body).slice(0, 600)}`);
  }
}

export interface ApiClient {
  readonly baseUrl: string;
  token: string | null;
  call<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T>;
}

export function apiClient(baseUrl: string, token: string | null = null): ApiClient {
  return {
    baseUrl,
    token,
    async call<T>(method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<T> {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(Math.max(1, Math.round(timeoutMs))),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      if (!res.ok) {
        throw new ApiError(method, path, res.status, parsed);
      }
      return parsed as T;
    },
  };
}

/** Signs in as the administrator the harness created (ADMIN_USERNAME / ADMIN_PASSWORD). */
export async function adminLogin(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  const c = apiClient(baseUrl);
  const r = await c.call<{ accessToken: string }>('POST', '/api/auth/login', { username, password }, 30_000);
  c.token = r.accessToken;
  return c;
}
