/**
 * The default disciplines: the "2+8" industries (危险化学品, 非煤矿山 and the eight 工贸 industries of
 * 应急厅〔2019〕17号). A campaign snapshots the list in force; the codes are stable identifiers.
 */
export const DEFAULT_DISCIPLINES = [
  { code: 'hazardous-chemicals', name: '危险化学品' },
  { code: 'non-coal-mining', name: '非煤矿山' },
  { code: 'metallurgy', name: '冶金' },
  { code: 'nonferrous', name: '有色' },
  { code: 'building-materials', name: '建材' },
  { code: 'machinery', name: '机械' },
  { code: 'light-industry', name: '轻工' },
  { code: 'textile', name: '纺织' },
  { code: 'tobacco', name: '烟草' },
  { code: 'commerce', name: '商贸' },
] as const;

export type DisciplineCode = (typeof DEFAULT_DISCIPLINES)[number]['code'];

/** Items tagged `common` (laws and regulations) belong to every discipline's common part. */
export const COMMON = 'common';

export function disciplineName(code: string): string {
  return DEFAULT_DISCIPLINES.find((d) => d.code === code)?.name ?? code;
}

export function isDisciplineCode(code: string): code is DisciplineCode {
  return DEFAULT_DISCIPLINES.some((d) => d.code === code);
}
