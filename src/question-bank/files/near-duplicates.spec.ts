import { bigrams, dice, findNearDuplicates } from './near-duplicates';

describe('bigrams and dice', () => {
  it('counts shared character bigrams', () => {
    expect([...bigrams('安全生产')]).toEqual(['安全', '全生', '生产']);
    expect([...bigrams('安')]).toEqual(['安']);
    expect(dice(bigrams('安全生产'), bigrams('安全生产'))).toBe(1);
    expect(dice(bigrams('安全生产'), bigrams('安全管理'))).toBeCloseTo(2 / 6);
    expect(dice(bigrams('甲乙'), bigrams('丙丁'))).toBe(0);
  });
});

describe('findNearDuplicates', () => {
  const a = '生产经营单位的主要负责人是本单位安全生产第一责任人对本单位的安全生产工作全面负责';
  it('finds near-identical texts and leaves different ones alone', () => {
    const texts = [a, '从业人员有权拒绝违章指挥和强令冒险作业', a.replace('全面', '全部'), '完全不同的题目'];
    const pairs = findNearDuplicates(texts, 0.9);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 0, b: 2 });
    expect(pairs[0].similarity).toBeGreaterThanOrEqual(0.9);
    expect(pairs[0].similarity).toBeLessThan(1);
  });

  it('agrees with a pairwise comparison on a larger set', () => {
    const words = [
      '安全',
      '生产',
      '经营',
      '单位',
      '应当',
      '建立',
      '健全',
      '制度',
      '培训',
      '应急',
      '预案',
      '演练',
    ];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts = Array.from({ length: 300 }, () =>
      Array.from({ length: 4 + Math.floor(rnd() * 5) }, () => words[Math.floor(rnd() * words.length)]).join(
        '',
      ),
    );
    const expected: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (dice(bigrams(texts[i]), bigrams(texts[j])) >= 0.8) {
          expected.push(`${i}-${j}`);
        }
      }
    }
    const found = findNearDuplicates(texts, 0.8).map((p) => `${p.a}-${p.b}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });

  it('pairs empty texts with each other', () => {
    expect(findNearDuplicates(['', 'x', ''], 0.9)).toEqual([{ a: 0, b: 2, similarity: 1 }]);
  });
});
