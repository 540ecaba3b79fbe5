import type { AttemptStatus } from './attempt.entity';

/** A candidate's state as the proctor sees it. */
export type CandidateState =
  'not-logged-in' | 'waiting' | 'admitted' | 'in-progress' | 'submitted' | 'voided';

export function candidateState(
  c: { lastLoginAt: Date | null; admittedAt: Date | null },
  attemptStatus: AttemptStatus | null,
): CandidateState {
  switch (attemptStatus) {
    case 'in_progress':
      return 'in-progress';
    case 'submitted':
      return 'submitted';
    case 'voided':
      return 'voided';
    case null:
      break;
  }
  if (c.admittedAt) {
    return 'admitted';
  }
  return c.lastLoginAt ? 'waiting' : 'not-logged-in';
}

export function candidateStateName(s: CandidateState): string {
  switch (s) {
    case 'not-logged-in':
      return '未登录';
    case 'waiting':
      return '已登录，待入场';
    case 'admitted':
      return '已准许入场';
    case 'in-progress':
      return '答题中';
    case 'submitted':
      return '已交卷';
    case 'voided':
      return '已作废';
  }
}
