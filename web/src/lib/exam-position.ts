/**
 * Where the candidate was in the paper, kept in the browser per attempt, so that a reload (or opening the paper
 * again) returns to that question instead of question 1. The question's id is kept, not its index: an index
 * would point elsewhere if the paper came back differently.
 */

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function positionKey(attemptId: number): string {
  return `choukao.position.${attemptId}`;
}

/** The index to open the paper at: the remembered question's, or 0 when none is remembered (or it is gone). */
export function restoredIndex(
  store: KeyValueStore,
  attemptId: number,
  questionIds: readonly number[],
): number {
  let raw: string | null = null;
  try {
    raw = store.getItem(positionKey(attemptId));
  } catch {
    return 0;
  }
  const id = raw === null ? NaN : Number(raw);
  const i = Number.isInteger(id) ? questionIds.indexOf(id) : -1;
  return i >= 0 ? i : 0;
}

export function rememberPosition(store: KeyValueStore, attemptId: number, questionId: number): void {
  try {
    store.setItem(positionKey(attemptId), String(questionId));
  } catch {
    // Storage full or refused: the page still works, a reload then opens question 1.
  }
}
