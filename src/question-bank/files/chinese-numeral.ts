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

/**
 * Parses a Chinese numeral as laws number their articles and chapters ("一百一十九", "二百零一", "十二"),
 * or plain Arabic digits. Returns null for anything else (including empty strings and misordered units such
 * as "十百"). Covers 0–9999, which is more than any law has articles.
 */
export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  if (text.length === 0) {
    return null;
  }
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  let sawZero = false;
  for (const ch of text) {
    if (ch in DIGITS) {
      const d = DIGITS[ch];
      if (d === 0) {
        // 零 only stands between a unit and a later digit ("一百零五").
        if (digit !== null || lastUnit === Infinity) {
          return null;
        }
        sawZero = true;
        continue;
      }
      if (digit !== null) {
        return null;
      }
      digit = d;
      sawZero = false;
    } else if (ch in UNITS) {
      const unit = UNITS[ch];
      if (unit >= lastUnit || sawZero) {
        return null;
      }
      // A leading 十 means 一十 ("十二" = 12); elsewhere a unit needs its digit ("一百一十").
      if (digit === null && (lastUnit !== Infinity || unit !== 10)) {
        return null;
      }
      total += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    } else {
      return null;
    }
  }
  if (sawZero && digit === null) {
    return null;
  }
  return total + (digit ?? 0);
}

/** Writes 1–9999 the way laws number articles: 10 → 十, 21 → 二十一, 105 → 一百零五, 110 → 一百一十. */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) {
    throw new RangeError(`cannot write ${n} as an article number`);
  }
  const names = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const units: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let out = '';
  let rest = n;
  let pendingZero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d > 0) {
      if (pendingZero) {
        out += '零';
        pendingZero = false;
      }
      // 10–19 alone read 十, 十一 …; inside a larger number 一十 (一百一十九).
      out += value === 10 && d === 1 && out === '' ? name : names[d] + name;
    } else if (out !== '') {
      pendingZero = true;
    }
  }
  if (rest > 0) {
    out += (pendingZero ? '零' : '') + names[rest];
  }
  return out;
}

/**
 * The article number of a citation such as "第二十一条", "第二十一条第二款" or "第21条". Returns null when the
 * citation does not start with an article (a standard's clause "4.2.1", a chapter "第三章").
 */
export function parseArticleRef(citation: string): number | null {
  const m = /^\s*第([零〇一二两三四五六七八九十百千\d]+)条/.exec(citation);
  return m ? parseChineseNumber(m[1]) : null;
}
