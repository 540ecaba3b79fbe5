const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Chinese numerals as laws write them (二十一, 一百一十九, 一百零三) or Arabic digits; null if not a number. */
export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  if (text.length === 0) {
    return null;
  }
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      // "十" alone at the start means 10 (十一 = 11).
      total += (digit ?? 1) * UNITS[ch];
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

/**
 * The article number of a citation such as "第二十一条" or "第一百一十九条第二款"; null when the citation is not
 * an article of a law (a standard's clause "4.2.1", "公布令").
 */
export function articleNumber(article: string): number | null {
  const m = /^第([零〇一二两三四五六七八九十百千\d]+)条/.exec(article.trim());
  return m ? parseChineseNumber(m[1]) : null;
}
