import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { parse } from 'yaml';
import { RuleViolationError } from '../common/domain-error';
import { EnemyGroup } from './entities/enemy-group.entity';

/** The file beside the bank's folders that declares the enemy groups. */
export const ENEMY_GROUPS_FILE = 'enemy-groups.yaml';

export interface DeclaredEnemyGroup {
  code: string;
  reason: string;
  /** Item codes, sorted and distinct. */
  items: string[];
}

/**
 * Reads `enemy-groups.yaml` of a bank directory (absent file: no groups). Refuses a malformed file with the
 * group's position and what is wrong; that every item exists is qbank:check's job.
 */
export function readEnemyGroups(dir: string): DeclaredEnemyGroup[] {
  const path = join(dir, ENEMY_GROUPS_FILE);
  if (!existsSync(path)) {
    return [];
  }
  const doc = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 }) as { groups?: unknown } | null;
  const list = doc?.groups ?? [];
  if (!Array.isArray(list)) {
    throw new RuleViolationError(`${ENEMY_GROUPS_FILE}：groups 须为列表`, 'enemy_groups_invalid');
  }
  const seen = new Set<string>();
  return list.map((raw: unknown, k) => {
    const g = (raw ?? {}) as { id?: unknown; reason?: unknown; items?: unknown };
    const items = Array.isArray(g.items) ? [...new Set(g.items.map(String))].sort() : [];
    if (typeof g.id !== 'string' || g.id.trim() === '' || seen.has(g.id) || items.length < 2) {
      throw new RuleViolationError(
        `${ENEMY_GROUPS_FILE} 第 ${k + 1} 组：须有唯一的 id 和至少 2 道题目`,
        'enemy_groups_invalid',
      );
    }
    seen.add(g.id);
    return { code: g.id, reason: typeof g.reason === 'string' ? g.reason.slice(0, 500) : '', items };
  });
}

/** Replaces the file-declared enemy groups with `groups` (inside the import's transaction). */
export async function replaceEnemyGroups(
  m: EntityManager,
  groups: readonly DeclaredEnemyGroup[],
  now: Date,
): Promise<void> {
  const origin = `file:${ENEMY_GROUPS_FILE}`;
  await m.delete(EnemyGroup, { origin });
  if (groups.length > 0) {
    await m
      .createQueryBuilder()
      .insert()
      .into(EnemyGroup)
      .values(
        groups.map((g) => ({ code: g.code, reason: g.reason, itemCodes: g.items, origin, updatedAt: now })),
      )
      .updateEntity(false)
      .execute();
  }
}
