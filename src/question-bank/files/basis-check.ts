import { parseArticleRef, toChineseNumber } from './chinese-numeral';
import type { BankSource } from './bank-format';
import type { LawLibrary } from './law-library';
import type { LawText } from './law-text';
import { basisAppearsIn, normaliseForMatch } from './normalise';

/**
 * Whether an item's basis could be checked against the law text, and what came out:
 * - verified: the basis is in the cited article;
 * - mismatch: the law text is there but the basis is not in the cited article (or the article is not);
 * - unverifiable: there is nothing to check against (no lawFile, no law directory, no such file, or the
 *   citation is not an article).
 */
export type BasisVerdict =
  | { status: 'verified'; article: number; chapter: number | null }
  | { status: 'mismatch'; reason: string }
  | {
      status: 'unverifiable';
      reason: string;
      cause: 'no-law-file' | 'no-law-dir' | 'missing-file' | 'not-article';
    };

/** Checks a basis against the cited article of the source's law file. */
export function verifyBasis(
  item: { basis: string; source: { article: string } },
  source: Pick<BankSource, 'key' | 'lawFile'>,
  laws: LawLibrary | null,
): BasisVerdict {
  if (!source.lawFile) {
    return {
      status: 'unverifiable',
      cause: 'no-law-file',
      reason: `来源「${source.key}」未提供法规全文（lawFile）`,
    };
  }
  if (!laws) {
    return { status: 'unverifiable', cause: 'no-law-dir', reason: '法规全文目录不存在，无法核对依据' };
  }
  const law = laws.get(source.lawFile);
  if (!law) {
    return {
      status: 'unverifiable',
      cause: 'missing-file',
      reason: `法规目录 ${laws.dir} 中没有 lawFile 指定的文件「${source.lawFile}」`,
    };
  }
  const number = parseArticleRef(item.source.article);
  if (number === null) {
    return {
      status: 'unverifiable',
      cause: 'not-article',
      reason: `条款「${item.source.article}」不是“第N条”形式，无法在法规全文中定位`,
    };
  }
  const article = law.articles.get(number);
  if (!article) {
    return { status: 'mismatch', reason: `《${source.key}》没有${item.source.article}` };
  }
  if (basisAppearsIn(item.basis, article.text)) {
    return { status: 'verified', article: number, chapter: article.chapter };
  }
  return { status: 'mismatch', reason: describeMismatch(item.basis, item.source.article, article.text, law) };
}

/** Says how far the quote agrees with the article and, when it does, where else in the law the quote stands. */
function describeMismatch(basis: string, citation: string, articleText: string, law: LawText): string {
  const elsewhere = [...law.articles.values()].find((a) => basisAppearsIn(basis, a.text));
  if (elsewhere) {
    return `依据不在${citation}中，而在第${toChineseNumber(elsewhere.number)}条中（请改正条款）`;
  }
  const quote = normaliseForMatch(basis).replace(/^[\p{P}\p{S}]+/u, '');
  const text = normaliseForMatch(articleText);
  let lo = 0;
  let hi = quote.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (text.includes(quote.slice(0, mid))) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  const from = Array.from(quote.slice(lo)).slice(0, 12).join('');
  return `依据与${citation}原文不一致：前 ${lo} 个字符相符，自「${from}」起不符`;
}
