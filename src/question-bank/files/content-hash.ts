import { createHash } from 'node:crypto';
import type { BankItem } from './bank-format';

/**
 * What makes a version: everything an examiner wrote except the id and the status (status lives on the item,
 * so approving or retiring never makes a new version). Multiple-choice keys, options and disciplines in a
 * fixed order so that reordering alone is no change.
 */
export function versionContent(item: BankItem): Record<string, unknown> {
  const options = item.options ?? {};
  return {
    type: item.type,
    stem: item.stem,
    options: Object.fromEntries(
      Object.keys(options)
        .sort()
        .map((k) => [k, options[k]]),
    ),
    answer: Array.isArray(item.answer) ? [...item.answer].sort() : item.answer,
    document: item.source.document,
    article: item.source.article,
    basis: item.basis,
    disciplines: [...item.disciplines].sort(),
    difficulty: item.difficulty,
    explanation: item.explanation ?? null,
  };
}

/** SHA-256 (hex) of the version content: equal hashes mean the same version. */
export function contentHash(item: BankItem): string {
  return createHash('sha256')
    .update(JSON.stringify(versionContent(item)))
    .digest('hex');
}
