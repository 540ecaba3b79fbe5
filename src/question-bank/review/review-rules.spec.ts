import {
  approvalFloor,
  countingApprovers,
  DecisionFact,
  isApprovedBy,
  parseDecisionCell,
} from './review-rules';

const d = (id: number, reviewerId: number, decision: DecisionFact['decision'] = 'approve'): DecisionFact => ({
  id,
  reviewerId,
  decision,
});

describe('review rules', () => {
  it('counts each reviewer once: one reviewer approving twice is one approval', () => {
    const decisions = [d(1, 7), d(2, 7)];
    expect(countingApprovers(decisions, 0)).toEqual([7]);
    expect(isApprovedBy(countingApprovers(decisions, 0), 2)).toBe(false);
    expect(isApprovedBy(countingApprovers([...decisions, d(3, 8)], 0), 2)).toBe(true);
  });

  it('drops approvals made before a request for change on the same version', () => {
    const decisions = [d(1, 7), d(2, 8, 'request-change'), d(3, 9)];
    const floor = approvalFloor(decisions, []);
    expect(floor).toBe(2);
    expect(countingApprovers(decisions, floor)).toEqual([9]);
  });

  it('drops approvals made before the item was queued again (its source changed)', () => {
    const decisions = [d(1, 7), d(2, 8), d(5, 9)];
    expect(countingApprovers(decisions, approvalFloor(decisions, [2, 4]))).toEqual([9]);
    expect(countingApprovers(decisions, approvalFloor(decisions, []))).toEqual([7, 8, 9]);
  });

  it('approves with one reviewer in one-reviewer mode, never with none', () => {
    expect(isApprovedBy([7], 1)).toBe(true);
    expect(isApprovedBy([], 1)).toBe(false);
    expect(isApprovedBy([], 0)).toBe(false);
  });

  it('reads the decision cells of the offline sheet', () => {
    expect(parseDecisionCell(' 批准 ')).toEqual({ decision: 'approve' });
    expect(parseDecisionCell('退回修改')).toEqual({ decision: 'request-change' });
    expect(parseDecisionCell('退回')).toEqual({ decision: 'request-change' });
    expect(parseDecisionCell('否决')).toEqual({ decision: 'reject' });
    expect(parseDecisionCell('')).toEqual({ decision: null });
    expect(parseDecisionCell(undefined)).toEqual({ decision: null });
    expect(parseDecisionCell('同意')).toEqual({ error: '“同意”不是有效的决定，应为 批准、退回修改 或 否决' });
  });
});
