import { basisAppearsIn, normaliseForMatch, normaliseStem } from './normalise';

describe('normaliseForMatch', () => {
  it('removes every kind of whitespace', () => {
    expect(normaliseForMatch('第一章\u3000总则\n 第一条\t为了')).toBe('第一章总则第一条为了');
  });

  it('treats full-width and half-width punctuation alike', () => {
    expect(normaliseForMatch('（一）甲，乙；丙：丁！')).toBe(normaliseForMatch('(一)甲,乙;丙:丁!'));
    expect(normaliseForMatch('“三同时”')).toBe(normaliseForMatch('"三同时"'));
    expect(normaliseForMatch('《安全生产法》。')).toBe('<安全生产法>.');
    expect(normaliseForMatch('ＧＢ　３０８７１')).toBe('GB30871');
  });

  it('keeps the words', () => {
    expect(normaliseForMatch('十五日')).not.toBe(normaliseForMatch('十日'));
  });
});

describe('basisAppearsIn', () => {
  const article =
    '第五条 生产经营单位的主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。其他负责人对职责范围内的安全生产工作负责。';

  it('finds a verbatim quote, whole or in part', () => {
    expect(basisAppearsIn('生产经营单位的主要负责人是本单位安全生产第一责任人', article)).toBe(true);
    expect(basisAppearsIn('其他负责人对职责范围内的安全生产工作负责。', article)).toBe(true);
  });

  it('ignores whitespace, width of punctuation and punctuation at the ends of the quote', () => {
    expect(basisAppearsIn(' 主要负责人是本单位安全生产第一责任人, 对本单位的 ', article)).toBe(true);
    expect(basisAppearsIn('本单位安全生产第一责任人。', article)).toBe(true);
  });

  it('refuses a changed word, an added word or a paraphrase', () => {
    expect(basisAppearsIn('生产经营单位的主要负责人是本单位安全生产直接责任人', article)).toBe(false);
    expect(basisAppearsIn('主要负责人对本单位的安全生产工作全面负责', article)).toBe(false);
    expect(basisAppearsIn('。', article)).toBe(false);
  });

  it('does not let punctuation inside the quote differ', () => {
    expect(basisAppearsIn('第一责任人；对本单位', article)).toBe(false);
  });
});

describe('normaliseStem', () => {
  it('drops the citation prefix, punctuation, blanks and whitespace', () => {
    expect(normaliseStem('根据《安全生产法》，生产经营单位的主要负责人是本单位安全生产（　）。')).toBe(
      '生产经营单位的主要负责人是本单位安全生产',
    );
    expect(normaliseStem('依照《山东省安全生产条例》的规定，A 级 企业')).toBe('a级企业');
  });
});
