import type { EntityManager } from 'typeorm';
import { RuleViolationError } from '../common/domain-error';
import { EnemyGroup } from './entities/enemy-group.entity';
import { formatIssue } from './files/bank-format';
import { loadEnemyGroups } from './files/bank-loader';
import { ENEMY_GROUPS_FILE } from './files/enemy-groups';

export { ENEMY_GROUPS_FILE };

export interface DeclaredEnemyGroup {
  code: string;
  reason: string;
  /** Item codes, sorted and distinct. */
  items: string[];
}

/**
 * The enemy groups of a bank directory (absent file: none), for the import. A malformed file refuses the import
 * with the file's problems; that every item exists is qbank:check's job.
 */
export function readEnemyGroups(dir: string): DeclaredEnemyGroup[] {
  const input = loadEnemyGroups(dir);
  if (!input) {
    return [];
  }
  if (input.problems.some((p) => p.severity === 'error')) {
    throw new RuleViolationError(
      `${ENEMY_GROUPS_FILE} 有误：${input.problems.map(formatIssue).join('；')}`,
      'enemy_groups_invalid',
    );
  }
  return input.groups.map((g) => ({
    code: g.id,
    reason: g.reason.slice(0, 500),
    items: [...new Set(g.items)].sort(),
  }));
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
