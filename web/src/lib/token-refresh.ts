/**
 * When to renew a staff token: at two thirds of its lifetime, so that a console left open for a whole sitting
 * stays signed in, with time to retry if the network is briefly down. Pure, for tests.
 */
export function refreshDelayMs(expiresAt: number, lifetimeMs: number, now: number): number {
  const at = expiresAt - lifetimeMs / 3;
  return Math.max(0, at - now);
}

/** After a failed renewal (network down): retry in 30 s, or sooner when the token expires before that. */
export function retryDelayMs(expiresAt: number, now: number): number | null {
  const left = expiresAt - now;
  if (left <= 1000) {
    return null;
  }
  return Math.min(30_000, Math.floor(left / 2));
}
