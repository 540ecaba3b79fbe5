/**
 * Punctuation that has a full-width and a half-width form in Chinese legal text but is not folded by NFKC
 * (NFKC already maps （）：；，！？ and the full-width Latin letters and digits to their ASCII forms).
 */
const PUNCTUATION_FOLD: Record<string, string> = {
  '。': '.',
  '．': '.',
  '、': ',',
  '“': '"',
  '”': '"',
  '„': '"',
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '‘': "'",
  '’': "'",
  '【': '[',
  '】': ']',
  '〔': '[',
  '〕': ']',
  '〈': '<',
  '〉': '>',
  '《': '<',
  '》': '>',
  '—': '-',
  '–': '-',
  '―': '-',
  '－': '-',
  '～': '~',
};

const FOLD_RE = new RegExp(`[${Object.keys(PUNCTUATION_FOLD).join('')}]`, 'gu');

/**
 * The form in which a basis is compared with the law text: NFKC (full-width → half-width), the remaining
 * Chinese punctuation folded to its ASCII counterpart, and every whitespace character (including the
 * ideographic space U+3000 and line breaks) removed.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FOLD_RE, (ch) => PUNCTUATION_FOLD[ch])
    .replace(/\s+/gu, '');
}

/**
 * Whether `basis` is quoted word for word from `articleText`: after normalising both, the basis must be a
 * contiguous part of the article. Punctuation at the very start or end of the basis is not compared, so a
 * quote that ends with "。" where the article goes on with "；" still counts as verbatim.
 */
export function basisAppearsIn(basis: string, articleText: string): boolean {
  const quote = normaliseForMatch(basis).replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
  if (quote.length === 0) {
    return false;
  }
  return normaliseForMatch(articleText).includes(quote);
}

/** "根据《安全生产法》，" and the like: shared by many stems, so left out when stems are compared. */
const CITATION_PREFIX = /^(根据|按照|依据|依照)《[^》]{1,60}》(的?(有关)?规定)?[，,：:]?/u;

/**
 * The form in which stems are compared for near-duplicates: NFKC, a leading "根据《…》，" dropped, and all
 * whitespace, punctuation and symbols removed (the answer blank "（　）" disappears with them).
 */
export function normaliseStem(stem: string): string {
  return stem
    .normalize('NFKC')
    .trim()
    .replace(CITATION_PREFIX, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .toLowerCase();
}
