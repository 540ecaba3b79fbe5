import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A secret from its setting when set; otherwise one kept in a file `fileName` beside the SQLite file, created
 * at the first start (mode 0600), so that a single embedded node keeps it across restarts. With `create` false
 * a missing file gives null instead (a verifier must never invent the key it checks with).
 */
export function resolveLocalSecret(
  configured: string | undefined,
  sqlitePath: string,
  fileName: string,
  create = true,
): string | null {
  if (configured) {
    return configured;
  }
  const file = sqlitePath === ':memory:' ? null : join(dirname(sqlitePath), fileName);
  if (file && existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  if (!create) {
    return null;
  }
  const secret = randomBytes(48).toString('base64url');
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}

/**
 * The token-signing secret: JWT_SECRET when set (required for several nodes on MySQL); otherwise a random
 * secret kept beside the SQLite file, so tokens survive a restart of a single embedded node.
 */
export function resolveJwtSecret(configured: string | undefined, sqlitePath: string): string {
  return resolveLocalSecret(configured, sqlitePath, 'jwt-secret')!;
}
