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

/**
 * Outcomes the staff results list filters by: 合格; 不合格 as the published list counts it (below the pass
 * mark, voided, unexcused absent); the parts of 不合格 (低于及格线, 作废, 缺考); not yet final (未结束, 未安排场次);
 * the expert-team candidates.
 */
export const RESULT_OUTCOMES = [
  'passed',
  'failed',
  'below-pass-mark',
  'voided',
  'absent',
  'pending',
  'unplaced',
  'expert',
] as const;
export type ResultOutcome = (typeof RESULT_OUTCOMES)[number];

export interface FilterableResult {
  name: string;
  ticketNumber: string | null;
  agencyId: number;
  agencyName: string;
  agencyCode: string;
  discipline: string;
  standing: 'graded' | 'voided' | 'absent' | 'pending' | 'unplaced';
  passed: boolean;
  expert: boolean;
}

export interface ResultFilter {
  /** Part of a name, a ticket number, an agency's name or credit code. */
  q?: string;
  agencyId?: number;
  discipline?: string;
  outcome?: ResultOutcome;
}

/** Whether a result has an outcome (see RESULT_OUTCOMES). */
export function hasOutcome(r: FilterableResult, outcome: ResultOutcome): boolean {
  const final = r.standing === 'graded' || r.standing === 'voided' || r.standing === 'absent';
  switch (outcome) {
    case 'passed':
      return r.standing === 'graded' && r.passed;
    case 'failed':
      return final && !r.passed;
    case 'below-pass-mark':
      return r.standing === 'graded' && !r.passed;
    case 'voided':
    case 'absent':
    case 'pending':
    case 'unplaced':
      return r.standing === outcome;
    case 'expert':
      return r.expert;
  }
}

/** The results that match every given part of the filter (text case-insensitive, spaces ignored at the ends). */
export function filterResults<T extends FilterableResult>(rows: readonly T[], f: ResultFilter): T[] {
  const q = f.q?.trim().toLowerCase() ?? '';
  return rows.filter(
    (r) =>
      (f.agencyId === undefined || r.agencyId === f.agencyId) &&
      (f.discipline === undefined || r.discipline === f.discipline) &&
      (f.outcome === undefined || hasOutcome(r, f.outcome)) &&
      (q === '' ||
        [r.name, r.ticketNumber ?? '', r.agencyName, r.agencyCode].some((s) => s.toLowerCase().includes(q))),
  );
}

/** The filter in words (the export's audit record and title): "关键词“张”，机构 #3，专业 metallurgy，结论 不合格". */
export function describeResultFilter(f: ResultFilter, outcomeName: (o: ResultOutcome) => string): string {
  const parts: string[] = [];
  if (f.q?.trim()) {
    parts.push(`关键词“${f.q.trim()}”`);
  }
  if (f.agencyId !== undefined) {
    parts.push(`机构 #${f.agencyId}`);
  }
  if (f.discipline !== undefined) {
    parts.push(`专业 ${f.discipline}`);
  }
  if (f.outcome !== undefined) {
    parts.push(`结论 ${outcomeName(f.outcome)}`);
  }
  return parts.join('，');
}
