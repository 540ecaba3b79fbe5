import { divHalfUp } from './grade-paper';

/** Version of the pass/expert classification, stored with every published list. */
export const LISTS_RULE_VERSION = 'lists/1: 不合格 score100 < pass mark (scaled to 100); expert ≥ threshold';

/** Default threshold of the expert-team list, hundredths of a point on the 100-point scale. */
export const DEFAULT_EXPERT_THRESHOLD = 9000;

/**
 * The pass mark on the 100-point scale, hundredths: a pass mark of 60 on a 100-point paper is 6000; on a
 * 120-point paper 72 is 6000. Half-up.
 */
export function passMark100(passMark: number, totalPoints: number): number {
  if (totalPoints <= 0) {
    return 0;
  }
  return divHalfUp(Math.round(passMark * 100) * 100, Math.round(totalPoints));
}

export type CandidateStanding = 'graded' | 'voided' | 'absent';

export interface Classified {
  passed: boolean;
  expert: boolean;
}

/**
 * 合格 when a graded score reaches the pass mark; voided (作弊) and unexcused-absent candidates are 不合格 and
 * never on the expert list, whatever their score.
 */
export function classify(
  standing: CandidateStanding,
  score100: number,
  passMark100Centi: number,
  expertThresholdCenti: number,
): Classified {
  if (standing !== 'graded') {
    return { passed: false, expert: false };
  }
  return { passed: score100 >= passMark100Centi, expert: score100 >= expertThresholdCenti };
}

export interface RankableAgency {
  agencyId: number;
  agencyName: string;
  /** Hundredths; null when the agency had no candidates. */
  component: number | null;
}

/**
 * Agencies by component, highest first; agencies without a component last; ties share a rank (1, 1, 3) and
 * are ordered by name so that the list is stable.
 */
export function rankAgencies<T extends RankableAgency>(
  agencies: readonly T[],
): Array<T & { rank: number | null }> {
  const sorted = [...agencies].sort((a, b) => {
    if (a.component === null || b.component === null) {
      return a.component === b.component
        ? a.agencyName.localeCompare(b.agencyName, 'zh-CN')
        : a.component === null
          ? 1
          : -1;
    }
    return (
      b.component - a.component ||
      a.agencyName.localeCompare(b.agencyName, 'zh-CN') ||
      a.agencyId - b.agencyId
    );
  });
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((a, i) => {
    if (a.component === null) {
      return { ...a, rank: null };
    }
    if (a.component !== previous) {
      rank = i + 1;
      previous = a.component;
    }
    return { ...a, rank };
  });
}
