/** A substitute as the rule needs it: the key and the discipline, in the agency's substitute order. */
export interface SubstituteCandidate {
  key: string;
  discipline: string;
}

/**
 * Who replaces an excused technician: the first substitute of the agency's ordered list in the same
 * discipline who is still available, else the first available substitute of any discipline, else nobody
 * (the agency is then short). `unavailable` holds the substitutes already brought in or excused. Pure.
 */
export function pickReplacement(
  substitutes: readonly SubstituteCandidate[],
  unavailable: ReadonlySet<string>,
  discipline: string,
): string | null {
  const free = substitutes.filter((s) => !unavailable.has(s.key));
  return (free.find((s) => s.discipline === discipline) ?? free[0])?.key ?? null;
}
