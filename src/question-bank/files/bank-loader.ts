import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit } from 'yaml';
import type { BankInput, Location } from './bank-format';
import { ENEMY_GROUPS_FILE, EnemyGroupsInput, parseEnemyGroups } from './enemy-groups';

/**
 * Parses one bank file's YAML text (YAML 1.2 core schema: dates stay strings, `true`/`false` are booleans,
 * duplicate keys are errors) and remembers the line each item and source starts on.
 */
export function parseBankYaml(file: string, text: string): BankInput {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const nodeLines = (key: string): Array<number | undefined> => {
    const node = isMap(doc.contents) ? doc.contents.get(key, true) : undefined;
    return isSeq(node) ? node.items.map((n) => lineOf((n as { range?: [number] }).range?.[0])) : [];
  };
  const at =
    (lines: Array<number | undefined>) =>
    (i: number): Location => ({ file, line: lines[i] });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return {
      file,
      data: null,
      parseError: { reason: e.message.split('\n')[0], line: lineOf(e.pos[0]) },
      itemLocation: (i) => ({ file, row: i + 1 }),
      sourceLocation: (i) => ({ file, row: i + 1 }),
    };
  }
  keepNumbersAsWritten(doc);
  return {
    file,
    data: doc.toJS({ maxAliasCount: 100 }),
    itemLocation: at(nodeLines('items')),
    sourceLocation: at(nodeLines('sources')),
  };
}

/** Keys whose values are text even when they look like numbers: option texts and clause numbers. */
const TEXT_KEYS = new Set(['A', 'B', 'C', 'D', 'E', 'article']);

/**
 * An option "A: 2" or a clause "article: 5.5" written without quotes is text, taken exactly as written
 * (so "1.10" stays "1.10" rather than becoming the number 1.1).
 */
function keepNumbersAsWritten(doc: ReturnType<typeof parseDocument>): void {
  visit(doc, {
    Pair(_, pair) {
      if (
        isPair(pair) &&
        isScalar(pair.key) &&
        TEXT_KEYS.has(String(pair.key.value)) &&
        isScalar(pair.value) &&
        typeof pair.value.value === 'number'
      ) {
        const written = (pair.value as Scalar & { source?: string }).source ?? String(pair.value.value);
        pair.value = new Scalar(written);
      }
    },
  });
}

/**
 * Every *.yaml / *.yml file under the bank directory, sorted, with paths relative to it ("laws/x.yaml"),
 * except the enemy-groups file at its top (not a bank file: see loadEnemyGroups).
 */
export function listBankFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else if (/\.ya?ml$/i.test(name)) {
        const rel = relative(dir, path).split(sep).join('/');
        if (rel !== ENEMY_GROUPS_FILE) {
          out.push(rel);
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** Reads and parses the whole bank directory. */
export function loadBankDirectory(dir: string): BankInput[] {
  return listBankFiles(dir).map((file) => parseBankYaml(file, readFileSync(join(dir, file), 'utf8')));
}

/** The bank directory's enemy-groups file, parsed; null when the bank has none. */
export function loadEnemyGroups(dir: string): EnemyGroupsInput | null {
  const path = join(dir, ENEMY_GROUPS_FILE);
  if (!existsSync(path)) {
    return null;
  }
  return parseEnemyGroups(ENEMY_GROUPS_FILE, readFileSync(path, 'utf8'));
}
