import { candidateState } from './candidate-state';

describe('candidate state', () => {
  const t = new Date('2026-05-10T01:00:00Z');
  it('follows login, admission and the attempt', () => {
    expect(candidateState({ lastLoginAt: null, admittedAt: null }, null)).toBe('not-logged-in');
    expect(candidateState({ lastLoginAt: t, admittedAt: null }, null)).toBe('waiting');
    expect(candidateState({ lastLoginAt: null, admittedAt: t }, null)).toBe('admitted');
    expect(candidateState({ lastLoginAt: t, admittedAt: t }, 'in_progress')).toBe('in-progress');
    expect(candidateState({ lastLoginAt: t, admittedAt: t }, 'submitted')).toBe('submitted');
    expect(candidateState({ lastLoginAt: t, admittedAt: t }, 'voided')).toBe('voided');
  });
});
