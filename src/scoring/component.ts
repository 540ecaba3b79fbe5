import { divHalfUp } from './grade-paper';

/** Version of the component rule, stored with every computed component. */
export const COMPONENT_RULE_VERSION =
  'component/1: mean(score100) × 20 / 100, half-up to 0.01; void and unexcused absence count 0';

/** One sampled candidate's outcome. Excused candidates are replaced per the draw and do not appear here. */
export type CandidateOutcome =
  { status: 'graded'; score100: number } | { status: 'voided' } | { status: 'absent' };

export interface AgencyComponent {
  /** Candidates counted. */
  n: number;
  /** Sum of their scores, hundredths. */
  sum: number;
  /** Mean score on the 100-point scale, hundredths, half-up. */
  mean: number | null;
  /** The 20-point component, hundredths, half-up (1710 = 17.10); null when the agency has no candidates. */
  component: number | null;
}

/**
 * The agency's 技术人员抽考 component: the mean of its sampled candidates' 100-point scores × 20 / 100,
 * rounded half-up to two decimals. Voided (作弊) and unexcused-absent candidates count as 0. Computed from the
 * exact sum in hundredths, so no floating-point rounding creeps in.
 */
export function agencyComponent(outcomes: readonly CandidateOutcome[]): AgencyComponent {
  const n = outcomes.length;
  if (n === 0) {
    return { n, sum: 0, mean: null, component: null };
  }
  const sum = outcomes.reduce((s, o) => s + (o.status === 'graded' ? o.score100 : 0), 0);
  // mean = sum / n; component = mean × 20 / 100 = sum / (5n)
  return { n, sum, mean: divHalfUp(sum, n), component: divHalfUp(sum, 5 * n) };
}

/** 85.5 → "85.50". */
export function formatCenti(c: number): string {
  return (c / 100).toFixed(2);
}
