import { parseChineseNumber } from '../question-bank/files/chinese-numeral';

/**
 * The article number of a citation such as "第二十一条" or "第一百一十九条第二款"; null when the citation is not
 * an article of a law (a standard's clause "4.2.1", "公布令"). One numeral parser serves the bank's checks and
 * assembly alike (misordered units such as "十百" are no number anywhere).
 */
export function articleNumber(article: string): number | null {
  const m = /^第([零〇一二两三四五六七八九十百千\d]+)条/.exec(article.trim());
  return m ? parseChineseNumber(m[1]) : null;
}
