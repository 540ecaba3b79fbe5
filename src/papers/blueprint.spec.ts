import { blueprintProblems, defaultBlueprint, ruleText } from './blueprint';

describe('blueprint', () => {
  it('has the defaults of domain.md and finds them consistent', () => {
    const b = defaultBlueprint();
    expect(b).toMatchObject({
      totalPoints: 100,
      durationMinutes: 120,
      commonPoints: 60,
      disciplinePoints: 40,
      passMark: 60,
    });
    expect(b.sections).toEqual([
      { type: 'judge', count: 20, pointsEach: 1 },
      { type: 'single', count: 50, pointsEach: 1 },
      { type: 'multiple', count: 15, pointsEach: 2 },
    ]);
    expect(blueprintProblems(b)).toEqual([]);
    // A copy: editing it leaves the defaults alone.
    b.sections[0].count = 99;
    expect(defaultBlueprint().sections[0].count).toBe(20);
  });

  it('names each inconsistent field', () => {
    const problems = blueprintProblems({
      ...defaultBlueprint(),
      sections: [
        { type: 'single', count: 50, pointsEach: 1 },
        { type: 'single', count: 10, pointsEach: 1 },
      ],
      commonPoints: 70,
      passMark: 120,
      targetDifficulty: 6,
      sourceMinimums: [{ sourceKey: '安全生产法', articleFrom: 30, articleTo: 10, minPoints: 20 }],
    });
    expect(problems).toEqual([
      expect.stringContaining('单选题重复出现'),
      expect.stringContaining('各题型分值合计 60 分，与总分 totalPoints 100 分不符'),
      expect.stringContaining('commonPoints + disciplinePoints'),
      expect.stringContaining('passMark'),
      expect.stringContaining('targetDifficulty'),
      expect.stringContaining('起始条号 30 大于终止条号 10'),
    ]);
  });

  it('prints the multiple-choice rule in force on the paper', () => {
    const partial = ruleText(defaultBlueprint());
    expect(partial).toContain('本试卷满分 100 分，60 分及格。');
    // The time allowed belongs to the sitting (the candidate's countdown), never to the paper's text.
    expect(partial).not.toContain('分钟');
    expect(partial).toContain('多选题共 15 题，每题 2 分');
    expect(partial).toContain('错选不得分，少选的，所选每个正确选项得 0.5 分');
    const strict = ruleText({ ...defaultBlueprint(), multipleRule: 'all-or-nothing' });
    expect(strict).toContain('须全部选对方得分，错选、少选均不得分');
  });
});
