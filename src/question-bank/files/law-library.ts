import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LawText, parseLawText } from './law-text';

/** The full law texts a basis is checked against (LAWS_DIR). */
export interface LawLibrary {
  /** The directory, for messages. */
  dir: string;
  /** The parsed text of a law file, or null when the directory has no such file. */
  get(fileName: string): LawText | null;
}

/** Opens the law directory, or returns null when it is not there (the verbatim check is then skipped). */
export function openLawLibrary(dir: string): LawLibrary | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return null;
  }
  const cache = new Map<string, LawText | null>();
  return {
    dir,
    get(fileName: string): LawText | null {
      if (!cache.has(fileName)) {
        const path = join(dir, fileName);
        cache.set(fileName, existsSync(path) ? parseLawText(readFileSync(path, 'utf8')) : null);
      }
      return cache.get(fileName) ?? null;
    },
  };
}

/** A library over texts held in memory (tests). */
export function lawLibraryOf(texts: Record<string, string>, dir = '(memory)'): LawLibrary {
  const parsed = new Map(Object.entries(texts).map(([k, v]) => [k, parseLawText(v)]));
  return { dir, get: (f) => parsed.get(f) ?? null };
}
