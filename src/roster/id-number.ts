/**
 * 公民身份号码 (GB 11643-1999): 17 digits (6 address code, 8 birth date YYYYMMDD, 3 sequence) and a check
 * character computed by ISO 7064 MOD 11-2 over them ('X' stands for 10).
 */
export const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'format' | 'birth-date' | 'check';

/** The check character for 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * ID_WEIGHTS[i];
  }
  return CHECK_CHARS[sum % 11];
}

/**
 * What is wrong with an ID number, or null when it is valid. Expects the normalised form (upper-case X).
 * `today` bounds the birth date (a person cannot be born in the future).
 */
export function idNumberProblem(id: string, today: Date = new Date()): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) {
    return 'format';
  }
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > today.getTime()
  ) {
    return 'birth-date';
  }
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'check';
}

export function isValidIdNumber(id: string, today?: Date): boolean {
  return idNumberProblem(id, today) === null;
}

/** Trims and upper-cases the final x, the only normalisation a typed ID number needs. */
export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export function describeIdNumberProblem(p: IdNumberProblem): string {
  switch (p) {
    case 'format':
      return '身份证号码应为 18 位（前 17 位为数字，末位为数字或 X）';
    case 'birth-date':
      return '身份证号码中的出生日期无效';
    case 'check':
      return '身份证号码校验位错误';
  }
}
