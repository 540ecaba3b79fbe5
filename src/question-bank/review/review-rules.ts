/**
 * The review rules, as plain functions (no Nest, no database):
 *
 *   counting(version) = approvals of the item's current version, by distinct reviewers, made after the floor
 *   floor            = max(newest open queue entry's decisionFloor, last request-change/reject on the version)
 *   approved         ⇔ |counting| ≥ reviewersRequired   (2 by default; 1 when an administrator says so)
 *
 * A new version is a new versionId, so its count starts at zero. A queue entry made after approvals (the
 * source was superseded) raises the floor, so the earlier approvals do not clear the item again.
 */

export type ReviewDecisionKind = 'approve' | 'request-change' | 'reject';
export const REVIEW_DECISIONS: readonly ReviewDecisionKind[] = ['approve', 'request-change', 'reject'];

/** Where a decision was recorded. */
export type DecisionChannel = 'app' | 'excel' | 'admin';

/** Reasons stored as queue entries; new drafts are in the queue without one. */
export type QueuedReason = 'source-changed' | 'item-analysis' | 'objection';
export const QUEUED_REASONS: readonly QueuedReason[] = ['source-changed', 'item-analysis', 'objection'];

export type QueueReason = 'new-draft' | QueuedReason;
export const QUEUE_REASONS: readonly QueueReason[] = ['new-draft', ...QUEUED_REASONS];

export const DEFAULT_REVIEWERS_REQUIRED = 2;

export function reasonName(r: QueueReason): string {
  switch (r) {
    case 'new-draft':
      return '新拟题目';
    case 'source-changed':
      return '来源变更';
    case 'item-analysis':
      return '题目分析标记';
    case 'objection':
      return '异议';
  }
}

export function decisionName(d: ReviewDecisionKind): string {
  switch (d) {
    case 'approve':
      return '批准';
    case 'request-change':
      return '退回修改';
    case 'reject':
      return '否决';
  }
}

/** The decision written in a spreadsheet cell ("批准", "退回修改", "否决", blank = no decision). */
export function parseDecisionCell(
  text: string | undefined,
): { decision: ReviewDecisionKind | null } | { error: string } {
  const t = (text ?? '').trim();
  if (t === '') {
    return { decision: null };
  }
  const found = REVIEW_DECISIONS.find((d) => decisionName(d) === t || d === t);
  if (found) {
    return { decision: found };
  }
  if (t === '退回' || t === '修改') {
    return { decision: 'request-change' };
  }
  return { error: `“${t}”不是有效的决定，应为 批准、退回修改 或 否决` };
}

export interface DecisionFact {
  id: number;
  reviewerId: number;
  decision: ReviewDecisionKind;
}

/**
 * The decision id after which approvals count: the newest open queue entry's floor or the last decision on the
 * version that was not an approval, whichever is later.
 */
export function approvalFloor(
  decisionsOnVersion: readonly DecisionFact[],
  openEntryFloors: readonly number[],
): number {
  let floor = openEntryFloors.reduce((a, b) => Math.max(a, b), 0);
  for (const d of decisionsOnVersion) {
    if (d.decision !== 'approve' && d.id > floor) {
      floor = d.id;
    }
  }
  return floor;
}

/** The distinct reviewers whose approvals of the current version count, in the order they approved. */
export function countingApprovers(decisionsOnVersion: readonly DecisionFact[], floor: number): number[] {
  const out: number[] = [];
  for (const d of [...decisionsOnVersion].sort((a, b) => a.id - b.id)) {
    if (d.decision === 'approve' && d.id > floor && !out.includes(d.reviewerId)) {
      out.push(d.reviewerId);
    }
  }
  return out;
}

/** Whether the approvals reach the bank's rule. */
export function isApprovedBy(approvers: readonly number[], reviewersRequired: number): boolean {
  return approvers.length >= Math.max(1, reviewersRequired);
}
