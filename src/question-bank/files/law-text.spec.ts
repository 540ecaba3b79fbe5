import { parseLawText } from './law-text';

const LAW = [
  '# 中华人民共和国示例法',
  '',
  '2021年6月10日 通过',
  '',
  '<!-- INFO END -->',
  '',
  '## 第一章 总则',
  '',
  '第一条 为了示例，制定本法。',
  '',
  '第二条 本法适用于示例。',
  '',
  '示例单位应当遵守本法。',
  '',
  '## 第二章\u3000示例保障',
  '',
  '### 第一节 一般规定',
  '',
  '第十条 第一款。',
  '（一）第一项；',
  '第十一条规定的事项，依照其规定。',
  '',
  '第一百一十九条 本法自2002年11月1日起施行。',
].join('\n');

describe('parseLawText', () => {
  const law = parseLawText(LAW);

  it('finds each article by its Chinese number', () => {
    expect([...law.articles.keys()]).toEqual([1, 2, 10, 119]);
    expect(law.articles.get(119)?.text).toBe('第一百一十九条 本法自2002年11月1日起施行。');
  });

  it('runs an article over its paragraphs up to the next article or heading', () => {
    expect(law.articles.get(2)?.text).toBe('第二条 本法适用于示例。\n示例单位应当遵守本法。');
    // "第十一条规定的…" inside a paragraph is a reference, not a new article.
    expect(law.articles.get(10)?.text).toBe(
      '第十条 第一款。\n（一）第一项；\n第十一条规定的事项，依照其规定。',
    );
    expect(law.articles.has(11)).toBe(false);
  });

  it('records chapters and the chapter of each article, also under a section heading', () => {
    expect(law.chapters).toEqual([
      { number: 1, title: '总则' },
      { number: 2, title: '示例保障' },
    ]);
    expect(law.articles.get(2)?.chapter).toBe(1);
    expect(law.articles.get(10)?.chapter).toBe(2);
    expect(law.articles.get(10)?.line).toBe(19);
  });
});
