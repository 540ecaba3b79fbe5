import { stringify } from 'yaml';
import type { BankItem } from './bank-format';
import { parseBankYaml } from './bank-loader';
import { parseEnemyGroups } from './enemy-groups';
import {
  basisOverlap,
  containsKey,
  findGiveaways,
  longestKeyShape,
  longestKeyShare,
  looksLikeRecall,
  multipleShapes,
} from './item-writing-rules';
import { checkBank } from './validate-bank';

const base = {
  source: { document: '示例法', article: '第二条' },
  disciplines: ['common'],
  difficulty: 2,
  status: 'approved',
} as const;
const item = (over: Partial<BankItem> & { id: string }): BankItem =>
  ({ type: 'judge', stem: '', answer: true, basis: '', ...base, ...over }) as BankItem;
const source = { key: '示例法', title: '示例法', issuer: '全国人民代表大会常务委员会', status: 'in-force' };

/** Files-mode check without law texts (sources without lawFile: drafts), writing rules on. */
function run(items: BankItem[], groups?: string) {
  const input = parseBankYaml(
    'laws/a.yaml',
    stringify({
      sources: [{ ...source, lawFile: 'x.md', versionDate: '2021-01-01', effectiveDate: '2021-01-01' }],
      items,
    }),
  );
  return checkBank([input], {
    laws: null,
    mode: 'files',
    writingRules: true,
    nearDuplicates: false,
    enemyGroups: groups === undefined ? null : parseEnemyGroups('enemy-groups.yaml', groups),
  }).issues.map((i) => `${i.severity} ${i.itemId ?? i.sourceKey ?? ''} ${i.field ?? ''}: ${i.reason}`);
}

describe('a judge stem that reproduces its basis', () => {
  const basis = '生产经营单位的主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。';
  it('measures the share of the stem found in the basis, ignoring the citation and punctuation', () => {
    expect(basisOverlap(`根据《安全生产法》，${basis}`, basis)).toBe(1);
    // A part of a long basis copied is still a copy.
    expect(basisOverlap('主要负责人是本单位安全生产第一责任人。', basis)).toBe(1);
    expect(basisOverlap('对本单位安全生产工作全面负责的，是生产经营单位的主要负责人。', basis)).toBeLessThan(
      0.9,
    );
  });

  it('fails approved judge items, true or false, and leaves drafts alone', () => {
    const issues = run([
      item({ id: 'a-1', stem: basis, basis }),
      item({ id: 'a-2', stem: basis.replace('主要负责人', '分管负责人'), basis, answer: false }),
      item({ id: 'a-3', stem: '本单位安全生产工作由谁全面负责？主要负责人。', basis }),
      item({ id: 'a-4', stem: basis, basis, status: 'draft' }),
    ]);
    expect(issues.filter((i) => i.includes('照抄'))).toEqual([
      expect.stringMatching(/^error a-1 stem: 判断题题干照抄了依据原文（100.0%/),
      expect.stringMatching(/^error a-2 stem: 判断题题干照抄了依据原文（9\d\.\d%/),
    ]);
  });
});

describe('true/false balance per source', () => {
  const judges = (trues: number, falses: number) =>
    Array.from({ length: trues + falses }, (_, i) =>
      item({ id: `a-${i + 1}`, stem: `第${i}题甲乙丙丁`, basis: '完全不同的依据文字', answer: i < trues }),
    );
  it('fails a source with 5 or more approved judge items outside 40–60 % true', () => {
    expect(run(judges(4, 1)).filter((i) => i.includes('正确'))).toEqual([
      'error 示例法 answer: 已批准判断题中答案为“正确”的占 80.0%（5 道），须在 40.0%–60.0% 之间',
    ]);
    expect(run(judges(3, 2)).filter((i) => i.includes('正确'))).toEqual([]);
    expect(run(judges(2, 3)).filter((i) => i.includes('正确'))).toEqual([]);
    expect(run(judges(1, 4)).filter((i) => i.includes('正确'))).toHaveLength(1);
    // Fewer than five: exempt.
    expect(run(judges(4, 0)).filter((i) => i.includes('正确'))).toEqual([]);
  });
});

describe('recall share', () => {
  const items = (n: number, recall: number) =>
    Array.from({ length: n }, (_, i) =>
      item({
        id: `a-${i + 1}`,
        stem: `第${i}题甲乙丙丁`,
        basis: '完全不同的依据文字',
        answer: i % 2 === 0,
        recall: i < recall ? true : undefined,
      }),
    );
  it('fails above 15 % bank-wide and per source from 20 approved items', () => {
    expect(run(items(20, 3)).filter((i) => i.includes('recall'))).toEqual([]);
    expect(run(items(20, 4)).filter((i) => i.includes('recall'))).toEqual([
      'error 示例法 recall: 已批准题目中纯记忆题（recall）占 20.0%（20 道），上限 15.0%',
      'error  recall: 全库已批准题目中纯记忆题（recall）占 20.0%，上限 15.0%',
    ]);
  });
});

describe('recall hints', () => {
  it('recognises options that are bare periods, fines or counts, and warns when such an item is untagged', () => {
    const periods = item({
      id: 'a-1',
      type: 'single',
      stem: '事故调查组应当自事故发生之日起（　）内提交事故调查报告。',
      basis: '依据',
      options: { A: '15日', B: '30日', C: '45日', D: '60日' },
      answer: 'D',
    });
    const fines = {
      ...periods,
      options: { A: '一万元以上三万元以下', B: '二万元以上五万元以下', C: '五万元以下', D: '十万元以下' },
    };
    const bodies = { ...periods, options: { A: '工会', B: '行业协会', C: '安全评价机构', D: '设备供应商' } };
    expect([periods, fines, bodies].map(looksLikeRecall)).toEqual([true, true, false]);
    expect(run([periods]).filter((i) => i.includes('recall'))).toEqual([
      'warning a-1 recall: 选项全是数字、期限或金额：若本题只考记忆，请标 recall: true（计入纯记忆题上限）',
    ]);
    expect(run([{ ...periods, recall: true }]).filter((i) => i.includes('recall: 选项'))).toEqual([]);
  });
});

describe('the key is the longest option', () => {
  const single = (id: string, options: Record<string, string>, answer: string) =>
    item({ id, type: 'single', stem: `${id}题干`, basis: '依据', options, answer });
  it('knows the chance of a strictly longest key placed at random', () => {
    expect(longestKeyShape(single('s', { A: '短', B: '很长的选项', C: '短短', D: '中等长' }, 'B'))).toEqual({
      hit: true,
      chance: 0.25,
    });
    expect(longestKeyShape(single('s', { A: '一二三', B: '一二三', C: '短', D: '短' }, 'A'))).toEqual({
      hit: false,
      chance: 0,
    });
    const multiple = item({
      id: 'm',
      type: 'multiple',
      stem: '多选',
      basis: '依据',
      options: { A: '长长长长', B: '长长长长长', C: '短', D: '短二' },
      answer: ['A', 'B'],
    });
    expect(longestKeyShape(multiple)).toEqual({ hit: true, chance: 1 / 6 });
    expect(longestKeyShape({ ...multiple, answer: ['A', 'B', 'C', 'D'] })).toBeNull();
  });

  it('fails when the share is more than 10 points from chance', () => {
    const long = (i: number) => single(`a-${i}`, { A: '甲', B: '乙乙', C: '丙丙丙', D: '丁丁丁丁丁' }, 'D');
    const short = (i: number) => single(`a-${i}`, { A: '甲', B: '乙乙', C: '丙丙丙', D: '丁丁丁丁丁' }, 'A');
    const items = (longs: number, n: number) =>
      Array.from({ length: n }, (_, i) => (i < longs ? long(i + 1) : short(i + 1)));
    // 8 of 20 keyed on the longest: 40 % against 25 % by chance.
    const bad = items(8, 20);
    expect(longestKeyShare(bad)).toEqual({ items: 20, hits: 8, share: 0.4, chance: 0.25 });
    expect(run(bad).filter((i) => i.includes('最长'))).toEqual([
      'error  options: 单选题中正确选项恰为最长选项的占 40.0%（8/20），随机放置约为 25.0%，相差须在 10 个百分点以内',
    ]);
    expect(run(items(6, 20)).filter((i) => i.includes('最长'))).toEqual([]);
    // Below 20 approved items of the type the share is not enforced: 2 of 5 says nothing.
    expect(run(items(2, 5)).filter((i) => i.includes('最长'))).toEqual([]);
  });
});

describe('multiple-choice shapes', () => {
  const multiple = (id: string, answer: string[]) =>
    item({
      id,
      type: 'multiple',
      stem: `${id}多选题干`,
      basis: '依据',
      options: { A: '甲', B: '乙', C: '丙', D: '丁' },
      answer,
    });
  it('requires some items with every option keyed and some with exactly two keys', () => {
    const threes = Array.from({ length: 20 }, (_, i) => multiple(`a-${i + 1}`, ['A', 'B', 'C']));
    expect(multipleShapes(threes)).toEqual({ items: 20, allKeyed: 0, twoKeys: 0 });
    // Too few approved multiple-choice items for a share to mean anything: not enforced.
    expect(run(threes.slice(0, 19)).filter((i) => i.includes('多选题'))).toEqual([]);
    expect(run(threes).filter((i) => i.includes('多选题'))).toEqual([
      'error  answer: 已批准多选题中全部选项都正确的只有 0 道，至少需要 1 道（5.0%）',
      'error  answer: 已批准多选题中恰有两个正确选项的只有 0 道，至少需要 1 道（5.0%）',
    ]);
    const mixed = [
      ...threes.slice(0, 18),
      multiple('b-1', ['A', 'B', 'C', 'D']),
      multiple('b-2', ['B', 'D']),
    ];
    expect(run(mixed).filter((i) => i.includes('多选题'))).toEqual([]);
  });
});

describe('items that give each other away', () => {
  // sdr-0007 → wsl-0008 of the shipped bank, shortened.
  const revealer = item({
    id: 'sdr-0007',
    stem: '根据《山东省安全生产条例》，生产经营单位制定或者修改安全生产规章制度、作出有关安全生产的决定，应当听取工会的意见。',
    basis: '生产经营单位制定或者修改安全生产规章制度、作出有关安全生产的决定，应当听取工会的意见。',
  });
  const revealed = item({
    id: 'wsl-0008',
    type: 'single',
    stem: '生产经营单位制定或者修改有关安全生产的规章制度，应当听取（　）的意见。',
    options: { A: '安全评价机构', B: '工会', C: '行业协会', D: '设备供应商' },
    answer: 'B',
    basis: '生产经营单位制定或者修改有关安全生产的规章制度，应当听取工会的意见。',
  });
  const unrelated = item({
    id: 'wsl-0099',
    stem: '工会有权对建设项目的安全设施与主体工程同时设计、同时施工、同时投入生产和使用进行监督。',
    basis: '工会有权对建设项目的安全设施与主体工程同时设计、同时施工、同时投入生产和使用进行监督，提出意见。',
    answer: false,
  });

  it('finds a stem that states another item’s key in its context, and not a stem that merely names the key', () => {
    const found = findGiveaways([revealer, revealed, unrelated]);
    expect(found.map((g) => [g.revealer, g.revealed, g.kind])).toEqual([[0, 1, 'keyed']]);
  });

  it('matches a quantity key only as a whole quantity', () => {
    expect(containsKey('处五万元以上十万元以下的罚款', '十万元以下')).toBe(false);
    expect(containsKey('处十万元以下的罚款', '十万元以下')).toBe(true);
    expect(containsKey('依据GBZ2.1-2019', '20')).toBe(false);
    expect(containsKey('接触限值为85dB', '85')).toBe(true);
    expect(containsKey('应当听取工会的意见', '工会')).toBe(true);
  });

  it('finds two judge statements of the same provision', () => {
    const altered = item({
      id: 'x-2',
      stem: revealer.stem.replace('工会', '行业协会'),
      basis: revealer.basis,
      answer: false,
    });
    expect(findGiveaways([revealer, altered]).map((g) => [g.revealer, g.revealed, g.kind])).toEqual([
      [1, 0, 'statement'],
      [0, 1, 'statement'],
    ]);
  });

  it('fails undeclared pairs of approved items, warns for drafts, and accepts declared ones', () => {
    const judges = [item({ id: 'j-1', stem: '甲乙丙丁', basis: '戊', answer: true })];
    const onlyGiveaway = (issues: string[]) => issues.filter((i) => i.includes('给出了'));
    expect(onlyGiveaway(run([revealer, revealed, ...judges]))).toEqual([
      expect.stringMatching(/^error wsl-0008 stem: sdr-0007（laws\/a.yaml:\d+）的题干给出了本题的答案/),
    ]);
    expect(onlyGiveaway(run([revealer, { ...revealed, status: 'draft' }, ...judges]))).toEqual([
      expect.stringMatching(/^warning wsl-0008 stem: sdr-0007/),
    ]);
    const groups =
      'groups:\n  - id: eg-0001\n    items: [sdr-0007, wsl-0008]\n    reason: sdr-0007 的题干给出了 wsl-0008 的答案\n';
    expect(onlyGiveaway(run([revealer, revealed, ...judges], groups))).toEqual([]);
  });

  it('checks the enemy-groups file: ids exist, two distinct items, a reason', () => {
    const groups = [
      'groups:',
      '  - id: eg-0001',
      '    items: [sdr-0007, nope-0001]',
      '    reason: 示例',
      '  - id: eg-0002',
      '    items: [sdr-0007, sdr-0007]',
      '    reason: 示例',
      '  - id: eg-0001',
      '    items: [sdr-0007, wsl-0008]',
      '',
    ].join('\n');
    expect(run([revealer, revealed], groups).filter((i) => i.startsWith('error eg-'))).toEqual([
      'error eg-0002 items: 至少需要两道不同的题目',
      'error eg-0001 id: 编号重复',
      'error eg-0001 reason: 须写明原因（哪道题给出了哪道题的答案）',
      'error eg-0001 items: 题库中没有题目 nope-0001',
    ]);
  });
});
