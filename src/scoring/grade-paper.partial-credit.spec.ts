import type { KeyedQuestion } from '../papers/paper-view';
import { gradePaper, gradeQuestion } from './grade-paper';

const q = (over: Partial<KeyedQuestion>): KeyedQuestion => ({
  questionId: 1,
  position: 1,
  type: 'multiple',
  points: 2,
  key: ['A', 'C', 'D'],
  itemId: 1,
  versionId: 1,
  sourceKey: '安全生产法',
  article: '第二十一条',
  part: 'common',
  ...over,
});

describe('gradeQuestion', () => {
  it('grades judge and single items by the key', () => {
    expect(gradeQuestion(q({ type: 'judge', points: 1, key: true }), true, 'partial')).toMatchObject({
      earned: 100,
      outcome: 'correct',
    });
    expect(gradeQuestion(q({ type: 'judge', points: 1, key: true }), false, 'partial')).toMatchObject({
      earned: 0,
      outcome: 'wrong',
    });
    expect(gradeQuestion(q({ type: 'single', points: 1, key: 'B' }), 'B', 'partial')).toMatchObject({
      earned: 100,
    });
    expect(gradeQuestion(q({ type: 'single', points: 1, key: 'B' }), 'C', 'partial')).toMatchObject({
      earned: 0,
    });
    expect(gradeQuestion(q({ type: 'single', points: 1, key: 'B' }), null, 'partial')).toMatchObject({
      earned: 0,
      outcome: 'blank',
    });
  });

  it('applies the 注安 rule to multiple items: wrong option 0, incomplete 0.5 per correct option', () => {
    expect(gradeQuestion(q({}), ['A', 'C', 'D'], 'partial')).toMatchObject({
      earned: 200,
      outcome: 'correct',
    });
    expect(gradeQuestion(q({}), ['D', 'A', 'C'], 'partial')).toMatchObject({ earned: 200 });
    expect(gradeQuestion(q({}), ['A', 'C'], 'partial')).toMatchObject({ earned: 100, outcome: 'partial' });
    expect(gradeQuestion(q({}), ['A'], 'partial')).toMatchObject({ earned: 50, outcome: 'partial' });
    expect(gradeQuestion(q({}), ['A', 'B'], 'partial')).toMatchObject({ earned: 0, outcome: 'wrong' });
    expect(gradeQuestion(q({}), ['A', 'B', 'C', 'D'], 'partial')).toMatchObject({
      earned: 0,
      outcome: 'wrong',
    });
  });

  it('never lets an incomplete answer reach full points', () => {
    const five = q({ key: ['A', 'B', 'C', 'D', 'E'] });
    expect(gradeQuestion(five, ['A', 'B', 'C', 'D'], 'partial')).toMatchObject({
      earned: 150,
      outcome: 'partial',
    });
  });

  it('gives nothing for an incomplete answer under all-or-nothing', () => {
    expect(gradeQuestion(q({}), ['A', 'C'], 'all-or-nothing')).toMatchObject({ earned: 0 });
    expect(gradeQuestion(q({}), ['A', 'C', 'D'], 'all-or-nothing')).toMatchObject({ earned: 200 });
  });
});

describe('gradePaper', () => {
  const paper: KeyedQuestion[] = [
    q({ questionId: 1, type: 'judge', points: 1, key: false, part: 'common' }),
    q({ questionId: 2, type: 'single', points: 1, key: 'D', part: 'discipline', sourceKey: 'GB 30871' }),
    q({ questionId: 3, type: 'multiple', points: 2, key: ['B', 'C'], part: 'common' }),
  ];

  it('gives full marks to a paper answered with its own keys', () => {
    const g = gradePaper(paper, new Map(paper.map((x) => [x.questionId, x.key])), 'partial');
    expect(g).toMatchObject({ earned: 400, max: 400, score100: 10000 });
  });

  it('keeps section, source and part subtotals', () => {
    const g = gradePaper(
      paper,
      new Map<number, boolean | string | string[]>([
        [1, false],
        [2, 'A'],
        [3, ['C']],
      ]),
      'partial',
    );
    expect(g.earned).toBe(150);
    expect(g.score100).toBe(3750);
    expect(g.bySection).toEqual({
      judge: { earned: 100, max: 100 },
      single: { earned: 0, max: 100 },
      multiple: { earned: 50, max: 200 },
    });
    expect(g.bySource['GB 30871']).toEqual({ earned: 0, max: 100 });
    expect(g.byPart).toEqual({ common: { earned: 150, max: 300 }, discipline: { earned: 0, max: 100 } });
  });

  it('scales to 100 with half-up rounding when the paper is not worth 100', () => {
    const three = [
      q({ questionId: 1, type: 'single', points: 1, key: 'A' }),
      q({ questionId: 2, type: 'single', points: 1, key: 'A' }),
      q({ questionId: 3, type: 'single', points: 1, key: 'A' }),
    ];
    const g = gradePaper(
      three,
      new Map([
        [1, 'A'],
        [2, 'A'],
      ]),
      'partial',
    );
    expect(g.score100).toBe(6667);
  });
});
