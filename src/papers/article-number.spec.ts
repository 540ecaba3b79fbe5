import { articleNumber } from './article-number';
import { cn } from './synthetic-pool';

describe('articleNumber', () => {
  it('reads the article numbers laws use', () => {
    expect(articleNumber('第五条')).toBe(5);
    expect(articleNumber('第十条')).toBe(10);
    expect(articleNumber('第十一条')).toBe(11);
    expect(articleNumber('第二十一条')).toBe(21);
    expect(articleNumber('第一百零三条')).toBe(103);
    expect(articleNumber('第一百一十九条第二款')).toBe(119);
    expect(articleNumber('第12条')).toBe(12);
  });

  it('gives null for citations that are not articles', () => {
    expect(articleNumber('公布令')).toBeNull();
    expect(articleNumber('4.2.1')).toBeNull();
    expect(articleNumber('附则')).toBeNull();
    expect(articleNumber('第二x条')).toBeNull();
    // Misordered units are no number (the bank's checker and assembly read numerals alike).
    expect(articleNumber('第十百条')).toBeNull();
  });

  it('round-trips every number from 1 to 199', () => {
    for (let n = 1; n < 200; n++) {
      expect(articleNumber(`第${cn(n)}条`)).toBe(n);
    }
  });
});
