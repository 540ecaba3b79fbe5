import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { BankFileContent, BankItem, BankSource } from './bank-format';

/** Field order of the bank files, so that an export reads like a shipped file. */
const SOURCE_ORDER: Array<keyof BankSource> = [
  'key',
  'title',
  'issuer',
  'documentNumber',
  'versionDate',
  'effectiveDate',
  'status',
  'supersededBy',
  'supersededFrom',
  'scope',
  'lawFile',
];
const ITEM_ORDER: Array<keyof BankItem> = [
  'id',
  'type',
  'stem',
  'options',
  'answer',
  'source',
  'basis',
  'disciplines',
  'difficulty',
  'status',
  'recall',
  'checkedAgainst',
  'retiredReason',
  'explanation',
];

function ordered<T extends object>(value: T, order: Array<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const k of order) {
    if (value[k] !== undefined && value[k] !== null) {
      out[k] = value[k];
    }
  }
  return out;
}

/**
 * Writes sources and items in the bank file format (question-bank/README.md): block style for the lists,
 * flow style for options, source, answer lists and disciplines, long lines never folded.
 */
export function writeBankYaml(content: BankFileContent, comment?: string): string {
  const doc = new Document({
    sources: content.sources.map((s) => ordered(s, SOURCE_ORDER)),
    items: content.items.map((i) => ordered(i, ITEM_ORDER)),
  });
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) {
        return;
      }
      const key = String(pair.key.value);
      if ((key === 'options' || key === 'source' || key === 'checkedAgainst') && isMap(pair.value)) {
        pair.value.flow = true;
      }
      if ((key === 'answer' || key === 'disciplines') && isSeq(pair.value)) {
        pair.value.flow = true;
      }
    },
  });
  if (comment) {
    doc.commentBefore = ` ${comment}`;
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
