/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character code set below (the digits and the
 * capital letters without I, O, Z, S, V). Characters 3–8 are the administrative division code (digits); the
 * 18th is the check character over the first 17.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (1-based, i = 1…17) is 3^(i−1) mod 31. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccProblem = 'length' | 'charset' | 'division' | 'check';

/** The check character for the first 17 characters (which must already be from the code set). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]);
    if (v < 0) {
      throw new Error(`not a USCC character: ${first17[i]}`);
    }
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** What is wrong with a code, or null when it is a valid 统一社会信用代码. Expects upper case. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) {
    return 'length';
  }
  for (const ch of code) {
    if (!USCC_CHARSET.includes(ch)) {
      return 'charset';
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return 'division';
  }
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** The reason shown to people (zh-CN). */
export function describeUsccProblem(p: UsccProblem): string {
  switch (p) {
    case 'length':
      return '统一社会信用代码应为 18 位';
    case 'charset':
      return '统一社会信用代码含有非法字符（不得使用 I、O、Z、S、V）';
    case 'division':
      return '统一社会信用代码第 3–8 位应为行政区划代码（数字）';
    case 'check':
      return '统一社会信用代码校验位错误';
  }
}
