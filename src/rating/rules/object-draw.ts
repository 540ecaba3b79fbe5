import { commitmentOf, drawSeed, entropyProblem, ranker, sha256Hex } from '../../sampling/draw';

/**
 * 工作实绩's on-site draw for non-statutory services (非法定安全技术服务行为每机构提供 5 家，抽取 1 家), with the
 * campaign draw's procedure (src/sampling/draw.ts, docs/draw.md) applied to the agency's list:
 *
 *   list text   = "choukao-objects-v1" LF, then per listed object "<ordinal>" TAB "<name>" LF   (ordinal from 1)
 *   list hash   = SHA-256(list text)
 *   commitment  = SHA-256(secret)                 published with the list hash before the entropy is known
 *   seed        = SHA-256(secret LF entropy LF list hash)
 *   rank(o)     = HMAC-SHA256(key = seed, message = "<ordinal>" TAB "<name>")
 *   drawn       = the object with the lowest rank (hex compared as text); the secret is revealed after the draw.
 *
 * Statutory projects (法定安全评价执业行为全履盖) are all inspected and never drawn.
 */
export const OBJECT_LIST_FORMAT = 'choukao-objects-v1';

/** Why a list cannot be drawn from, or null. */
export function objectListProblem(names: readonly string[]): string | null {
  if (names.length < 2) {
    return '至少需要 2 家服务对象才能抽取';
  }
  if (names.some((n) => n.trim() !== n || n === '' || /[\t\r\n]/.test(n))) {
    return '服务对象名称不能为空，不能含首尾空白、制表符或换行';
  }
  if (new Set(names).size !== names.length) {
    return '服务对象名称有重复';
  }
  return null;
}

export function objectKey(ordinal: number, name: string): string {
  return `${ordinal}\t${name}`;
}

export function objectListText(names: readonly string[]): string {
  return `${OBJECT_LIST_FORMAT}\n${names.map((n, i) => `${objectKey(i + 1, n)}\n`).join('')}`;
}

export function objectListHash(names: readonly string[]): string {
  return sha256Hex(objectListText(names));
}

export interface ObjectDrawResult {
  seed: string;
  /** Every listed object with its rank, in list order. */
  ranks: { ordinal: number; name: string; rank: string }[];
  /** 1-based ordinal of the drawn object. */
  drawn: number;
}

/** The draw itself; throws on an unusable list or entropy. */
export function drawObject(secretHex: string, entropy: string, names: readonly string[]): ObjectDrawResult {
  const problem = objectListProblem(names) ?? entropyProblem(entropy);
  if (problem) {
    throw new Error(problem);
  }
  const seed = drawSeed(secretHex, entropy, objectListHash(names));
  const rank = ranker(seed);
  const ranks = names.map((name, i) => ({ ordinal: i + 1, name, rank: rank(objectKey(i + 1, name)) }));
  const best = ranks.reduce((a, b) => (b.rank < a.rank ? b : a));
  return { seed, ranks, drawn: best.ordinal };
}

export { commitmentOf };
