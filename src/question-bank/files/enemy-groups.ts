import { LineCounter, parseDocument, isMap, isSeq } from 'yaml';
import type { BankIssue, Location } from './bank-format';

/** The file beside the bank files that declares enemy groups (items never placed in one paper). */
export const ENEMY_GROUPS_FILE = 'enemy-groups.yaml';

/** Items that give each other away: assembly never puts two of them in one paper. */
export interface EnemyGroup {
  id: string;
  items: string[];
  reason: string;
}

/** The parsed enemy-groups file with the line each group starts on. */
export interface EnemyGroupsInput {
  file: string;
  groups: EnemyGroup[];
  /** Structural problems of the file (parse errors, missing fields); groups with problems are left out. */
  problems: BankIssue[];
  locations: Location[];
}

/**
 * Parses `enemy-groups.yaml`:
 *
 *     groups:
 *       - id: eg-0001
 *         items: [sdr-0007, wsl-0008]
 *         reason: sdr-0007 的题干给出了 wsl-0008 的答案
 *
 * Each group needs a unique id, at least two distinct item ids and a reason. Whether the items exist is
 * checked against the bank (`checkEnemyGroups`).
 */
export function parseEnemyGroups(file: string, text: string): EnemyGroupsInput {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return {
      file,
      groups: [],
      locations: [],
      problems: [
        {
          severity: 'error',
          where: { file, line: lineOf(e.pos[0]) },
          reason: `无法解析：${e.message.split('\n')[0]}`,
        },
      ],
    };
  }
  const node = isMap(doc.contents) ? doc.contents.get('groups', true) : undefined;
  const lines = isSeq(node) ? node.items.map((n) => lineOf((n as { range?: [number] }).range?.[0])) : [];
  const data = doc.toJS({ maxAliasCount: 100 }) as { groups?: unknown } | null;
  const problems: BankIssue[] = [];
  const groups: EnemyGroup[] = [];
  const locations: Location[] = [];
  if (!data || typeof data !== 'object' || !Array.isArray(data.groups)) {
    problems.push({
      severity: 'error',
      where: { file },
      field: 'groups',
      reason: '须为列表（groups: [...]）',
    });
    return { file, groups, problems, locations };
  }
  const extra = Object.keys(data).filter((k) => k !== 'groups');
  for (const k of extra) {
    problems.push({ severity: 'error', where: { file }, field: k, reason: '不允许的字段' });
  }
  const seen = new Set<string>();
  (data.groups as unknown[]).forEach((raw, i) => {
    const where: Location = { file, line: lines[i] };
    const g = (raw ?? {}) as Record<string, unknown>;
    const id = typeof g.id === 'string' && /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(g.id) ? g.id : null;
    const label = typeof g.id === 'string' ? g.id : `第${i + 1}组`;
    const bad = (field: string, reason: string): void => {
      problems.push({ severity: 'error', where, sourceKey: undefined, itemId: label, field, reason });
    };
    const before = problems.length;
    if (!id) {
      bad('id', '须为编号，如 eg-0001');
    } else if (seen.has(id)) {
      bad('id', '编号重复');
    }
    const items = Array.isArray(g.items) ? g.items : null;
    if (!items || items.some((x) => typeof x !== 'string')) {
      bad('items', '须为题目编号列表，如 [sdr-0007, wsl-0008]');
    } else if (new Set(items).size < 2) {
      bad('items', '至少需要两道不同的题目');
    } else if (new Set(items).size < items.length) {
      bad('items', '有重复项');
    }
    if (typeof g.reason !== 'string' || !/\S/.test(g.reason)) {
      bad('reason', '须写明原因（哪道题给出了哪道题的答案）');
    }
    for (const k of Object.keys(g).filter((k) => !['id', 'items', 'reason'].includes(k))) {
      bad(k, '不允许的字段');
    }
    if (id) {
      seen.add(id);
    }
    if (problems.length === before) {
      groups.push({ id: id!, items: items as string[], reason: g.reason as string });
      locations.push(where);
    }
  });
  return { file, groups, problems, locations };
}

/** Every item id named by a group must be an item of the bank. */
export function checkEnemyGroups(input: EnemyGroupsInput, knownIds: ReadonlySet<string>): BankIssue[] {
  const out: BankIssue[] = [...input.problems];
  input.groups.forEach((g, i) => {
    const missing = g.items.filter((id) => !knownIds.has(id));
    if (missing.length > 0) {
      out.push({
        severity: 'error',
        where: input.locations[i],
        itemId: g.id,
        field: 'items',
        reason: `题库中没有题目 ${missing.join('、')}`,
      });
    }
  });
  return out;
}

/** Whether two items are declared enemies (both in one group). */
export function enemyLookup(groups: readonly EnemyGroup[]): (a: string, b: string) => boolean {
  const pairs = new Set<string>();
  for (const g of groups) {
    for (const a of g.items) {
      for (const b of g.items) {
        if (a !== b) {
          pairs.add(`${a}\u0000${b}`);
        }
      }
    }
  }
  return (a, b) => pairs.has(`${a}\u0000${b}`);
}
