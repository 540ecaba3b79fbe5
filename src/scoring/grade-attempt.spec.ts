import type { AnswerValue } from '../question-bank/question-type';
import { CorrectionInForce, FrozenPaper, FrozenQuestion, gradeAttempt } from './grade-attempt';

const question = (over: Partial<FrozenQuestion>): FrozenQuestion => ({
  questionId: 1,
  position: 1,
  type: 'single',
  points: 1,
  key: 'A',
  itemId: 1,
  versionId: 10,
  sourceKey: '安全生产法',
  article: '第二十一条',
  part: 'common',
  optionOrder: 'ABCD',
  ...over,
});

const paper = (questions: FrozenQuestion[], over: Partial<FrozenPaper> = {}): FrozenPaper => ({
  paperId: 1,
  campaignId: 1,
  technicianId: 1,
  discipline: 'hazardous-chemicals',
  totalPoints: questions.reduce((s, q) => s + q.points, 0),
  passMark: 2,
  multipleRule: 'partial',
  questions,
  ...over,
});

describe('gradeAttempt', () => {
  const p = paper([
    // bank key B shown as A (order "BADC")
    question({ questionId: 1, versionId: 10, key: 'A', optionOrder: 'BADC' }),
    question({ questionId: 2, versionId: 20, type: 'judge', key: true, optionOrder: '' }),
    question({
      questionId: 3,
      versionId: 30,
      type: 'multiple',
      points: 2,
      key: ['A', 'B'],
      optionOrder: 'CABD',
    }),
  ]);
  const responses = new Map<number, AnswerValue | null>([
    [1, 'A'],
    [2, true],
    [3, ['A']],
  ]);

  it('grades against the frozen keys and keeps the credit of every question', () => {
    const g = gradeAttempt(p, 'submitted', responses, new Map());
    expect(g.grade.earned).toBe(250);
    expect(g.grade.score100).toBe(6250);
    // pass mark 2 of 4 → 50.00 on the 100-point scale
    expect(g.passMark100).toBe(5000);
    expect(g.passed).toBe(true);
    expect(g.credits).toEqual([
      [1, 100, 'c'],
      [2, 100, 'c'],
      [3, 50, 'p'],
    ]);
    expect(g.appliedCorrections).toEqual([]);
  });

  it('applies a corrected key, relabelled to the shuffle the candidate saw', () => {
    // The bank key of version 10 is corrected from B to D; "BADC" shows bank D as C.
    const corrections = new Map<number, CorrectionInForce>([[10, { id: 7, versionId: 10, key: 'D' }]]);
    const g = gradeAttempt(p, 'submitted', responses, corrections);
    expect(g.credits[0]).toEqual([1, 0, 'w']);
    expect(g.grade.earned).toBe(150);
    expect(g.passed).toBe(false);
    expect(g.appliedCorrections).toEqual([7]);
    const again = gradeAttempt(p, 'submitted', new Map([[1, 'C']]), corrections);
    expect(again.credits[0]).toEqual([1, 100, 'c']);
  });

  it('gives a voided attempt 0 and never a pass, whatever was answered', () => {
    const g = gradeAttempt(p, 'voided', responses, new Map());
    expect(g).toMatchObject({ status: 'voided', passed: false, credits: [] });
    expect(g.grade.score100).toBe(0);
    expect(g.grade.max).toBe(400);
  });
});
