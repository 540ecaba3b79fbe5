import type { BankSource } from '../files/bank-format';
import { lawLibraryOf } from '../files/law-library';
import { normaliseStem } from '../files/normalise';
import { parseTextItems } from './parse-text-items';
import {
  findSource,
  normaliseArticle,
  quoteArticle,
  repeatsOfBank,
  resolveTextItems,
  splitSourceText,
} from './resolve-text-items';

const LAW = [
  '# 中华人民共和国安全生产法',
  '## 第一章 总则',
  '第五条 生产经营单位的主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。其他负责人对职责范围内的安全生产工作负责。',
  '第二十条 生产经营单位应当具备本法和有关法律、行政法规和国家标准或者行业标准规定的安全生产条件。',
  '第二十一条 第一款的文字。',
  '第二款的文字。',
].join('\n');
const laws = lawLibraryOf({ 'aqscf.md': LAW });
const SOURCES: BankSource[] = [
  {
    key: '安全生产法',
    title: '中华人民共和国安全生产法',
    issuer: '全国人大常委会',
    status: 'in-force',
    lawFile: 'aqscf.md',
  },
  {
    key: '安全评价检测检验机构管理办法',
    title: '安全评价检测检验机构管理办法',
    issuer: '应急管理部',
    status: 'in-force',
  },
];

describe('matching 出处 with the bank’s sources', () => {
  it('splits a citation into the document and the article', () => {
    expect(splitSourceText('《中华人民共和国安全生产法》第二十条')).toEqual({
      document: '中华人民共和国安全生产法',
      article: '第二十条',
    });
    expect(splitSourceText('安全生产法 第20条第2款')).toEqual({
      document: '安全生产法',
      article: '第20条第2款',
    });
    expect(splitSourceText('《GB 30871-2022》 5.2.1')).toEqual({
      document: 'GB 30871-2022',
      article: '5.2.1',
    });
    expect(splitSourceText('GB 30871-2022 5.2.1')).toEqual({ document: 'GB 30871-2022', article: '5.2.1' });
    expect(splitSourceText('《安全生产法》')).toBeNull();
    expect(splitSourceText('安全生产法')).toBeNull();
  });

  it('writes article numbers in Chinese as the bank does', () => {
    expect(normaliseArticle('第20条第2款')).toBe('第二十条第二款');
    expect(normaliseArticle('第 一百一十九 条')).toBe('第一百一十九条');
    expect(normaliseArticle('5.2.1')).toBe('5.2.1');
  });

  it('finds a source by its short name or full title, with or without 中华人民共和国 and the amendment note', () => {
    expect(findSource('中华人民共和国安全生产法', SOURCES)?.key).toBe('安全生产法');
    expect(findSource('安全生产法', SOURCES)?.key).toBe('安全生产法');
    expect(findSource('中华人民共和国安全生产法（2021年修正）', SOURCES)?.key).toBe('安全生产法');
    expect(findSource('消防法', SOURCES)).toBeNull();
  });

  it('quotes the cited article, or its paragraph, from the law text', () => {
    expect(quoteArticle(SOURCES[0], '第二十条', laws)).toBe(
      '生产经营单位应当具备本法和有关法律、行政法规和国家标准或者行业标准规定的安全生产条件。',
    );
    expect(quoteArticle(SOURCES[0], '第二十一条第二款', laws)).toBe('第二款的文字。');
    expect(quoteArticle(SOURCES[0], '第九十九条', laws)).toBeNull();
    expect(quoteArticle(SOURCES[1], '第五条', laws)).toBeNull();
  });
});

describe('resolveTextItems', () => {
  const resolve = (text: string) =>
    resolveTextItems(parseTextItems(text).items, {
      fileName: 't.txt',
      idPrefix: 'txt-1',
      sources: SOURCES,
      laws,
    });

  it('makes draft bank items citing the known source, quoting the article when no 原文 is given', () => {
    const r = resolve(
      [
        '1. 生产经营单位的主要负责人是本单位安全生产（ ）。',
        'A. 第一责任人',
        'B. 直接责任人',
        'C. 主要责任人',
        'D. 领导责任人',
        '答案：A',
        '出处：《中华人民共和国安全生产法》第5条',
        '2. 安全评价机构……（ ）',
        '答案：正确',
        '出处：《安全评价检测检验机构管理办法》第十条',
        '原文：安全评价检测检验机构应当……',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    const data = r.input.data as { items: Array<Record<string, unknown>> };
    expect(data.items[0]).toMatchObject({
      id: 'txt-1-0001',
      type: 'single',
      source: { document: '安全生产法', article: '第五条' },
      basis: expect.stringContaining('生产经营单位的主要负责人是本单位安全生产第一责任人'),
      status: 'draft',
      disciplines: ['common'],
      difficulty: 3,
    });
    expect(data.items[1]).toMatchObject({
      id: 'txt-1-0002',
      type: 'judge',
      answer: true,
      basis: '安全评价检测检验机构应当……',
    });
    expect(r.input.itemLocation(1)).toEqual({ file: 't.txt', line: 8 });
  });

  it('refuses, on the line concerned, a missing or unknown 出处, a source without text and no 原文, a misquote', () => {
    const r = resolve(
      [
        '1. 题（ ）', // 1
        '答案：正确', // 2  (no 出处)
        '2. 题（ ）', // 3
        '答案：正确', // 4
        '出处：《消防法》第十条', // 5
        '3. 题（ ）', // 6
        '答案：正确', // 7
        '出处：《安全评价检测检验机构管理办法》第十条', // 8
        '4. 题（ ）', // 9
        '答案：正确', // 10
        '出处：《安全生产法》第五条', // 11
        '原文：生产经营单位的负责人对本单位的安全生产负责。', // 12
        '5. 题（ ）', // 13
        '答案：正确', // 14
        '出处：安全生产法', // 15
      ].join('\n'),
    );
    expect(r.problems.map((p) => [p.line, p.item, p.field])).toEqual([
      [1, 1, 'source'],
      [5, 2, 'source'],
      [8, 3, 'basis'],
      [12, 4, 'basis'],
      [15, 5, 'source'],
    ]);
    expect(r.problems[0].reason).toContain('缺少“出处：”行');
    expect(r.problems[1].reason).toContain('《消防法》不在题库的来源中');
    expect(r.problems[2].reason).toContain('请加一行“原文：”');
    expect(r.problems[3].reason).toContain('原文与《安全生产法》第五条不符');
    expect(r.problems[4].reason).toContain('应写成《文件名》第N条');
  });

  it('puts the bank’s own findings on the line of the field and names the item by its number', () => {
    const r = resolve(['1. 题（ ）', '答案：正确', '出处：《安全生产法》第五条'].join('\n'));
    const moved = r.locate({
      severity: 'error',
      where: { file: 't.txt', line: 1 },
      itemId: 'txt-1-0001',
      field: 'source.article',
      reason: 'x',
    });
    expect(moved).toMatchObject({ where: { file: 't.txt', line: 3 }, itemId: '第1题', field: '出处' });
  });
});

describe('repeatsOfBank', () => {
  it('names an item whose stem the bank already has, whatever the blank and spacing', () => {
    const items = parseTextItems(
      ['1. 甲乙丙（  ）。', '答案：正确', '2. 丁戊（ ）', '答案：错误'].join('\n'),
    ).items;
    const existing = new Map([[normaliseStem('甲乙丙（　）。'), 'wsl-0001']]);
    expect(repeatsOfBank(items, existing)).toEqual([
      { line: 1, item: 1, field: 'stem', reason: expect.stringContaining('wsl-0001') },
    ]);
  });
});
