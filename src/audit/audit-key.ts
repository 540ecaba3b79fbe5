import { resolveLocalSecret } from '../auth/jwt-secret';

/** The injection token of the audit key (a Buffer). */
export const AUDIT_KEY = Symbol('AUDIT_KEY');

/** The file beside the SQLite data file that keeps the generated audit key of a quick-start installation. */
export const AUDIT_KEY_FILE = 'audit-key';

/**
 * The key of the audit chain's HMAC: AUDIT_KEY when set (required in production on MySQL, where every node
 * must share it); otherwise generated once and kept beside the SQLite file, like the JWT secret. It must not
 * live in the database: whoever can write the audit rows must not be able to re-hash them. With `create`
 * false (the verifier), a missing key is null.
 */
export function resolveAuditKey(
  configured: string | undefined,
  sqlitePath: string,
  create = true,
): Buffer | null {
  const secret = resolveLocalSecret(configured, sqlitePath, AUDIT_KEY_FILE, create);
  return secret === null ? null : Buffer.from(secret, 'utf8');
}
