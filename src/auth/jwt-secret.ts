import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The token-signing secret: JWT_SECRET when set (required for several nodes on MySQL); otherwise a random
 * secret kept beside the SQLite file, so tokens survive a restart of a single embedded node.
 */
export function resolveJwtSecret(configured: string | undefined, sqlitePath: string): string {
  if (configured) {
    return configured;
  }
  const file = sqlitePath === ':memory:' ? null : join(dirname(sqlitePath), 'jwt-secret');
  if (file && existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  const secret = randomBytes(48).toString('base64url');
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}
