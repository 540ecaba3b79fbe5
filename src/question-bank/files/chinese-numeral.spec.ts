import { parseArticleRef, parseChineseNumber, toChineseNumber } from './chinese-numeral';

describe('parseChineseNumber', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十一', 21],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['一百一十九', 119],
    ['二百零一', 201],
    ['二百零三', 203],
    ['两百', 200],
    ['一千零一', 1001],
    ['一千零一十', 1010],
    ['21', 21],
  ])('reads %s as %d', (text, n) => {
    expect(parseChineseNumber(text)).toBe(n);
  });

  it.each(['', '条', '十十', '百', '一二', '零', '一百零', '十百', '一零五', 'x1'])('refuses %j', (text) => {
    expect(parseChineseNumber(text)).toBeNull();
  });

  it('round-trips every article number a law could have', () => {
    for (let n = 1; n <= 1200; n++) {
      expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
    }
  });

  it('writes numbers the way laws do', () => {
    expect([10, 11, 21, 100, 105, 110, 119, 201, 1000].map(toChineseNumber)).toEqual([
      '十',
      '十一',
      '二十一',
      '一百',
      '一百零五',
      '一百一十',
      '一百一十九',
      '二百零一',
      '一千',
    ]);
  });
});

describe('parseArticleRef', () => {
  it('reads the article of a citation, ignoring paragraph and item', () => {
    expect(parseArticleRef('第二十一条')).toBe(21);
    expect(parseArticleRef('第一百一十九条第二款')).toBe(119);
    expect(parseArticleRef('第5条')).toBe(5);
  });

  it('says null for what is not an article', () => {
    expect(parseArticleRef('第三章')).toBeNull();
    expect(parseArticleRef('4.2.1')).toBeNull();
    expect(parseArticleRef('表1')).toBeNull();
    expect(parseArticleRef('第十十条')).toBeNull();
  });
});
