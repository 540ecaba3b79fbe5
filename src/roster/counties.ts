/**
 * The default counties/districts of 临沂 where an agency may be seated: the 3 districts and 9 counties, then
 * the functional zones that administer their own agencies. ROSTER_COUNTIES (comma-separated) replaces the list.
 */
export const DEFAULT_COUNTIES: readonly string[] = [
  '兰山区',
  '罗庄区',
  '河东区',
  '沂南县',
  '郯城县',
  '沂水县',
  '兰陵县',
  '费县',
  '平邑县',
  '莒南县',
  '蒙阴县',
  '临沭县',
  '临沂高新区',
  '临沂经开区',
  '临沂临港区',
  '沂河新区',
  '蒙山旅游区',
];

/**
 * Reads the configured list: undefined or blank → the default; otherwise comma- (or 、-) separated names,
 * trimmed, none empty, none repeated. Throws a one-line error naming the variable.
 */
export function parseCounties(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') {
    return [...DEFAULT_COUNTIES];
  }
  const names = raw.split(/[,，、]/).map((s) => s.trim());
  if (names.some((n) => n === '' || n.length > 32)) {
    throw new Error(
      'Invalid configuration: ROSTER_COUNTIES — names must be non-empty, at most 32 characters',
    );
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) {
    throw new Error(`Invalid configuration: ROSTER_COUNTIES — "${dup}" is listed twice`);
  }
  return names;
}
