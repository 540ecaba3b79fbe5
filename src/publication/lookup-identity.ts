import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a person is recognised in a published campaign without keeping their ID number beside the public rows:
 * HMAC-SHA256 under the campaign's own random key of the normalised name and ID number (or admission-ticket
 * number). A lookup computes the same HMAC and finds the row by it, so "no such person" and "wrong details"
 * take the very same path.
 */
export type IdentityKind = 'id' | 'ticket';

const MIDDLE_DOTS = /[·•・‧∙⋅]/g;

/** Trims, drops inner spaces, unifies the middle dot of minority names, NFC. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, '').replace(MIDDLE_DOTS, '·');
}

/** Upper-case, no spaces (the check character x is entered either way). */
export function normaliseCredential(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function identityHash(key: string, kind: IdentityKind, name: string, credential: string): string {
  return createHmac('sha256', key)
    .update(`${kind}\u0000${normaliseName(name)}\u0000${normaliseCredential(credential)}`)
    .digest('hex');
}

/** Keys of the per-identity rate limit: the name and the credential separately, so neither can be sprayed. */
export function limiterKeys(key: string, name: string, credential: string): string[] {
  const h = (s: string) => createHmac('sha256', key).update(s).digest('hex').slice(0, 32);
  return [h(`name\u0000${normaliseName(name)}`), h(`cred\u0000${normaliseCredential(credential)}`)];
}

/** Compares two hex digests in constant time (false when the lengths differ). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
