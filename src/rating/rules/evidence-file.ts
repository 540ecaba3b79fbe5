/** Evidence files: what is accepted, decided from the bytes themselves (a name or a declared type can lie). */

/** Largest evidence file, in bytes. */
export const EVIDENCE_MAX_BYTES = 4 * 1024 * 1024;
/** Most files on one deduction. */
export const EVIDENCE_MAX_FILES = 5;
/** Base64 characters per stored part (a multiple of 4, under MySQL's 64 KB TEXT). */
export const EVIDENCE_PART_CHARS = 60_000;

export type EvidenceMime = 'application/pdf' | 'image/png' | 'image/jpeg';

/** The type of a file by its signature; null for anything else (office documents, archives, executables …). */
export function evidenceMime(bytes: Uint8Array): EvidenceMime | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return 'application/pdf'; // %PDF-
  }
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'image/png';
  }
  if (starts([0xff, 0xd8, 0xff])) {
    return 'image/jpeg';
  }
  return null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || '证据').slice(0, 200);
}

/** Splits a base64 string into stored parts, in order. */
export function parts(base64: string, size = EVIDENCE_PART_CHARS): string[] {
  const out: string[] = [];
  for (let i = 0; i < base64.length; i += size) {
    out.push(base64.slice(i, i + size));
  }
  return out.length > 0 ? out : [''];
}
