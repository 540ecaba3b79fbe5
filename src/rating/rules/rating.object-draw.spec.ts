import { createHash, createHmac } from 'node:crypto';
import { commitmentOf, drawObject, objectListHash, objectListProblem, objectListText } from './object-draw';

const SECRET = 'a'.repeat(64);
const LIST = [
  '临沂某化工有限公司',
  '临沂某冶金有限公司',
  '临沂某建材有限公司',
  '临沂某机械有限公司',
  '临沂某纺织有限公司',
];

/** The procedure redone from its description, with node:crypto only. */
function independent(secret: string, entropy: string, names: string[]): number {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  let text = 'choukao-objects-v1\n';
  names.forEach((n, i) => (text += `${i + 1}\t${n}\n`));
  const seed = sha(`${secret}\n${entropy}\n${sha(text)}`);
  const ranks = names.map((n, i) =>
    createHmac('sha256', Buffer.from(seed, 'utf8'))
      .update(`${i + 1}\t${n}`)
      .digest('hex'),
  );
  return ranks.indexOf([...ranks].sort()[0]) + 1;
}

describe('the on-site draw of one of the five non-statutory service objects', () => {
  it('writes the list as documented', () => {
    expect(objectListText(['甲', '乙'])).toBe('choukao-objects-v1\n1\t甲\n2\t乙\n');
  });

  it('agrees with an independent implementation for many entropies, and every object can be drawn', () => {
    const drawn = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const entropy = `见证人摇号 ${i}`;
      const r = drawObject(SECRET, entropy, LIST);
      expect(r.drawn).toBe(independent(SECRET, entropy, LIST));
      drawn.add(r.drawn);
    }
    expect([...drawn].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('changes with the entropy, the secret and the list order, and is the same when redone', () => {
    const a = drawObject(SECRET, '03 17 29', LIST);
    expect(drawObject(SECRET, '03 17 29', LIST)).toEqual(a);
    expect(drawObject(SECRET, '03 17 30', LIST).seed).not.toBe(a.seed);
    expect(drawObject('b'.repeat(64), '03 17 29', LIST).seed).not.toBe(a.seed);
    expect(objectListHash([...LIST].reverse())).not.toBe(objectListHash(LIST));
  });

  it('commits to the secret with SHA-256 of its hex text', () => {
    expect(commitmentOf(SECRET)).toBe(createHash('sha256').update(SECRET).digest('hex'));
  });

  it('refuses a list of one, duplicates, names with tabs, and a blank entropy', () => {
    expect(objectListProblem(['甲'])).toContain('至少需要 2 家');
    expect(objectListProblem(['甲', '甲'])).toContain('重复');
    expect(objectListProblem(['甲', '乙\t丙'])).toContain('制表符');
    expect(() => drawObject(SECRET, '   ', LIST)).toThrow('公开随机数不能为空');
  });
});
