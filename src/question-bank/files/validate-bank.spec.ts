import { stringify } from 'yaml';
import { DEFAULT_DISCIPLINES } from '../../config/disciplines';
import { formatIssue } from './bank-format';
import { parseBankYaml } from './bank-loader';
import { bankSchema } from './bank-schema';
import { contentTargets, countBank, paperSupply, writingReport } from './bank-report';
import { lawLibraryOf } from './law-library';
import { checkBank, CheckOptions } from './validate-bank';

const LAW = [
  '# 示例法',
  '## 第一章 总则',
  '第一条 为了示例，制定本法。',
  '第二条 生产经营单位的主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。',
  '## 第二章 保障',
  '第三条 生产经营单位应当对从业人员进行安全生产教育和培训。',
].join('\n');
const laws = lawLibraryOf({ '示例法.md': LAW });

const source = {
  key: '示例法',
  title: '中华人民共和国示例法',
  issuer: '全国人民代表大会常务委员会',
  versionDate: '2021-06-10',
  effectiveDate: '2021-09-01',
  status: 'in-force',
  lawFile: '示例法.md',
};
const standard = { key: 'GB 1-2020', title: '示例标准', issuer: '国家市场监督管理总局', status: 'in-force' };

const judge = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  type: 'judge',
  stem: `生产经营单位的主要负责人是本单位安全生产第一责任人（${id}）。`,
  answer: true,
  source: { document: '示例法', article: '第二条' },
  basis: '生产经营单位的主要负责人是本单位安全生产第一责任人',
  disciplines: ['common'],
  difficulty: 1,
  status: 'approved',
  ...over,
});

const single = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  type: 'single',
  stem: '生产经营单位应当对（　）进行安全生产教育和培训。',
  options: { A: '从业人员', B: '周边居民', C: '监管人员', D: '来访人员' },
  answer: 'A',
  source: { document: '示例法', article: '第三条' },
  basis: '生产经营单位应当对从业人员进行安全生产教育和培训。',
  disciplines: ['common'],
  difficulty: 2,
  status: 'approved',
  ...over,
});

function check(files: Record<string, unknown>, options: Partial<CheckOptions> = {}) {
  const inputs = Object.entries(files).map(([name, content]) => parseBankYaml(name, stringify(content)));
  return checkBank(inputs, { laws, mode: 'files', ...options });
}
const reasons = (r: ReturnType<typeof check>) =>
  r.issues.filter((i) => i.severity === 'error').map(formatIssue);

describe('checkBank', () => {
  it('accepts a well-formed bank whose bases are verbatim', () => {
    const r = check({ 'laws/a.yaml': { sources: [source], items: [judge('a-1'), single('a-2')] } });
    expect(reasons(r)).toEqual([]);
    expect(r.items.map((i) => i.item.id)).toEqual(['a-1', 'a-2']);
    expect(r.items[0].verdict).toEqual({ status: 'verified', article: 2, chapter: 1 });
  });

  it('names file, line, item id, field and reason of a schema error', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [source],
        items: [judge('a-1'), judge('a-2', { difficulty: 9, answer: 'B' })],
      },
    });
    const errs = reasons(r);
    expect(errs).toContain('laws/a.yaml:22 [a-2] difficulty: 难度须为 1–5 的整数');
    expect(errs).toContain('laws/a.yaml:22 [a-2] answer: 判断题答案须为 true 或 false');
    expect(r.items.map((i) => i.item.id)).toEqual(['a-1']);
  });

  it('reports a YAML syntax error with its line', () => {
    const r = checkBank([parseBankYaml('laws/bad.yaml', 'sources:\n  - key: x\n    key: y\n')], {
      laws,
      mode: 'files',
    });
    expect(r.errorCount).toBe(1);
    expect(r.issues[0].where).toEqual({ file: 'laws/bad.yaml', line: 3 });
  });

  it('fails on ids used twice, also across files', () => {
    const r = check({
      'laws/a.yaml': { sources: [source], items: [judge('a-1')] },
      'laws/b.yaml': { sources: [source], items: [single('a-1')] },
    });
    expect(reasons(r)).toEqual(['laws/b.yaml:10 [a-1] id: 编号重复（laws/a.yaml:10，laws/b.yaml:10）']);
    expect(r.items).toHaveLength(0);
  });

  it('fails on a key that is not among the options and on a multiple-choice item with one key', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [source],
        items: [
          single('a-1', {
            options: { A: '从业人员', B: '周边居民', C: '监管人员', D: '来访人员' },
            answer: 'E',
          }),
          single('a-2', {
            type: 'multiple',
            stem: '多选题干',
            options: { A: '甲', B: '乙', C: '丙', D: '丁' },
            answer: ['A', 'E'],
          }),
          single('a-3', {
            type: 'multiple',
            stem: '另一个多选题干',
            options: { A: '甲', B: '乙', C: '丙', D: '丁' },
            answer: ['A'],
          }),
        ],
      },
    });
    const errs = reasons(r);
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.stringContaining('[a-1] answer: 答案 E 不在选项 A、B、C、D 中'),
        expect.stringContaining('[a-2] answer: 答案 E 不在选项 A、B、C、D 中'),
        expect.stringContaining('[a-3] answer: 多选题至少要有两个正确选项'),
      ]),
    );
  });

  it('fails on near-duplicate stems but not on retired items or different questions', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [source],
        items: [
          single('a-1'),
          single('a-2', { stem: '根据《示例法》，生产经营单位应当对（ ）进行安全生产教育、培训。' }),
          single('a-3', { status: 'retired' }),
          judge('a-4', { stem: '主要负责人对本单位的安全生产工作全面负责。' }),
        ],
      },
    });
    expect(reasons(r)).toEqual([
      expect.stringMatching(/\[a-2\] stem: 题干与 a-1（laws\/a\.yaml:\d+）近似重复/),
    ]);
  });

  it('requires items of a source without a law file to be draft', () => {
    const r = check({
      'disciplines/x.yaml': {
        sources: [standard],
        items: [
          judge('x-1', { source: { document: 'GB 1-2020', article: '4.2' }, status: 'approved' }),
          judge('x-2', {
            source: { document: 'GB 1-2020', article: '4.3' },
            status: 'draft',
            stem: '另一题',
          }),
        ],
      },
    });
    expect(reasons(r)).toEqual([
      expect.stringContaining('[x-1] status: 来源「GB 1-2020」没有法规全文（lawFile），题目须为 draft'),
    ]);
  });

  it('fails on an approved basis that is not verbatim in the cited article, and says where it is', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [source],
        items: [
          judge('a-1', { basis: '生产经营单位的主要负责人是本单位安全生产直接责任人' }),
          single('a-2', { source: { document: '示例法', article: '第二条' } }),
          single('a-3', { source: { document: '示例法', article: '第九十九条' }, stem: '第三题' }),
          single('a-4', { source: { document: '示例法', article: '总则' }, stem: '第四题' }),
        ],
      },
    });
    expect(reasons(r)).toEqual([
      expect.stringContaining(
        '[a-1] basis: 依据与第二条原文不一致：前 20 个字符相符，自「直接责任人」起不符',
      ),
      expect.stringContaining('[a-2] basis: 依据不在第二条中，而在第三条中'),
      expect.stringContaining('[a-3] basis: 《示例法》没有第九十九条'),
      expect.stringContaining('[a-4] source.article: 条款「总则」不是“第N条”形式'),
    ]);
  });

  it('only warns about a draft whose basis is not verbatim', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [source],
        items: [judge('a-1', { status: 'draft', basis: '不在法条中的文字' })],
      },
    });
    expect(r.errorCount).toBe(0);
    expect(r.warningCount).toBe(1);
  });

  it('skips the verbatim check without a law directory and fails on a missing law file when there is one', () => {
    const without = check(
      { 'laws/a.yaml': { sources: [source], items: [judge('a-1', { basis: '随便' })] } },
      { laws: null },
    );
    expect(without.errorCount).toBe(0);
    expect(without.unverifiedApproved).toBe(1);
    const missing = check({
      'laws/a.yaml': { sources: [{ ...source, lawFile: '没有.md' }], items: [judge('a-1')] },
    });
    expect(reasons(missing)).toEqual([expect.stringContaining('没有 lawFile 指定的文件「没有.md」')]);
  });

  it('requires a file to declare the documents it cites, alike across files', () => {
    const r = check({
      'laws/a.yaml': { sources: [source], items: [judge('a-1')] },
      'laws/b.yaml': { sources: [{ ...source, effectiveDate: '2021-10-01' }], items: [] },
      'laws/c.yaml': { sources: [standard], items: [single('c-1')] },
    });
    expect(reasons(r)).toEqual([
      expect.stringContaining('laws/b.yaml:2 [来源 示例法] effectiveDate: 与 laws/a.yaml 中的声明不一致'),
      expect.stringContaining('[c-1] source.document: 文件的 sources 中没有声明「示例法」'),
    ]);
  });

  it('lets a source leave out unknown dates, but not when it has a law file', () => {
    const { versionDate: _v, effectiveDate: _e, ...undated } = source;
    const r = check({
      'laws/a.yaml': { sources: [undated], items: [] },
      'laws/b.yaml': { sources: [{ ...standard, key: '临沂市行业风险评估' }], items: [] },
    });
    expect(reasons(r)).toEqual([
      'laws/a.yaml:2 [来源 示例法] versionDate: 有 lawFile 时须填写',
      'laws/a.yaml:2 [来源 示例法] effectiveDate: 有 lawFile 时须填写',
    ]);
  });

  it('keeps approved items off a superseded source, which must name its successor', () => {
    const newer = { ...source, key: '新示例法', title: '新示例法', effectiveDate: '2026-05-01' };
    const r = check({
      'laws/a.yaml': {
        sources: [
          { ...source, status: 'superseded', supersededBy: '新示例法', supersededFrom: '2026-05-01' },
        ],
        items: [
          judge('a-1'),
          judge('a-2', { stem: '草稿可以留待评审', status: 'draft' }),
          judge('a-3', { stem: '停用的题写明原因', status: 'retired', retiredReason: '已被新法替代' }),
        ],
      },
      'laws/b.yaml': { sources: [newer], items: [] },
    });
    expect(reasons(r)).toEqual([
      expect.stringContaining('[a-1] status: 来源「示例法」已被替代，其题目不能为 approved'),
    ]);
    const missing = check({
      'laws/a.yaml': { sources: [{ ...source, status: 'superseded', supersededBy: '无此法' }], items: [] },
    });
    expect(reasons(missing)).toEqual([
      'laws/a.yaml:2 [来源 示例法] supersededFrom: 状态为 superseded 或 partially-superseded 时须填写（新规的来源键与施行日期）',
    ]);
    const undeclared = check({
      'laws/a.yaml': {
        sources: [{ ...source, status: 'superseded', supersededBy: '无此法', supersededFrom: '2026-05-01' }],
        items: [],
      },
    });
    expect(reasons(undeclared)).toEqual([
      expect.stringContaining('[来源 示例法] supersededBy: 题库中没有声明来源「无此法」'),
    ]);
  });

  it('requires approved items of a partially superseded source to record the check against the newer rule', () => {
    const newer = { ...source, key: '新示例法', title: '新示例法', effectiveDate: '2026-05-01' };
    const partly = {
      ...source,
      status: 'partially-superseded',
      supersededBy: '新示例法',
      supersededFrom: '2026-05-01',
    };
    const checked = {
      document: '新示例法',
      article: '第二条',
      by: '王审',
      date: '2026-06-01',
      note: '新法同条未改',
    };
    const r = check({
      'laws/a.yaml': {
        sources: [partly, newer],
        items: [
          judge('a-1'),
          judge('a-2', { stem: '主要负责人对本单位安全生产工作全面负责吗', checkedAgainst: checked }),
          judge('a-3', { stem: '第一责任人是本单位的主要负责人吗', status: 'draft' }),
          judge('a-4', {
            stem: '本单位安全生产由主要负责人全面负责吗',
            checkedAgainst: { ...checked, document: '别的法' },
          }),
          judge('a-5', { stem: '这是停用原因放错地方的题', status: 'draft', retiredReason: '不该有' }),
        ],
      },
    });
    expect(reasons(r)).toEqual([
      expect.stringContaining('[a-1] checkedAgainst: 来源「示例法」已部分被「新示例法」替代'),
      expect.stringContaining('[a-4] checkedAgainst.document: 题库中没有声明来源「别的法」'),
      expect.stringContaining('[a-5] retiredReason: 只有已停用（retired）的题目才有停用原因'),
    ]);
    const badShape = check({
      'laws/a.yaml': {
        sources: [partly, newer],
        items: [judge('a-1', { checkedAgainst: { document: '新示例法' } })],
      },
    });
    expect(reasons(badShape)).toEqual([
      expect.stringContaining('[a-1] checkedAgainst.article: 缺少必填字段'),
      expect.stringContaining('[a-1] checkedAgainst.by: 缺少必填字段'),
      expect.stringContaining('[a-1] checkedAgainst.date: 缺少必填字段'),
    ]);
  });

  it('accepts the shared scope and the recall tag, and refuses unknown values', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [{ ...source, scope: 'shared' }],
        items: [judge('a-1', { recall: true }), judge('a-2', { stem: '另一道题', recall: 'yes' })],
      },
    });
    expect(reasons(r)).toEqual([expect.stringContaining('[a-2] recall: 类型应为true/false')]);
    const scope = check({ 'laws/a.yaml': { sources: [{ ...source, scope: 'discipline' }], items: [] } });
    expect(reasons(scope)).toEqual([expect.stringContaining('scope: 须为以下之一：shared')]);
  });

  it('reads unquoted numbers in options as the text written', () => {
    const yaml = [
      'sources:',
      '  - { key: GB 1-2020, title: 示例标准, issuer: 某部门, status: in-force }',
      'items:',
      '  - id: x-1',
      '    type: single',
      '    stem: 限值为（　）mg/m³。',
      '    options: { A: 1.10, B: 4, C: 6, D: 8 }',
      '    answer: B',
      '    source: { document: GB 1-2020, article: 5.5 }',
      '    basis: 限值 4 mg/m³',
      '    disciplines: [building-materials]',
      '    difficulty: 2',
      '    status: draft',
    ].join('\n');
    const r = checkBank([parseBankYaml('disciplines/x.yaml', yaml)], { laws, mode: 'files' });
    expect(reasons(r)).toEqual([]);
    expect(r.items[0].item.options).toEqual({ A: '1.10', B: '4', C: '6', D: '8' });
    expect(r.items[0].item.source.article).toBe('5.5');
  });

  it('lets an upload cite documents the database knows and leaves the approval decision to the importer', () => {
    const inputs = [
      parseBankYaml('upload.yaml', stringify({ sources: [], items: [judge('a-1', { basis: '不对' })] })),
    ];
    expect(checkBank(inputs, { laws, mode: 'upload' }).errorCount).toBe(1);
    const r = checkBank(inputs, {
      laws,
      mode: 'upload',
      knownSources: new Map([['示例法', source as never]]),
    });
    expect(r.errorCount).toBe(0);
    expect(r.items[0].verdict?.status).toBe('mismatch');
  });
});

describe('the schema', () => {
  it('lists exactly the configured discipline codes', () => {
    const enumOf = (bankSchema.definitions.item.properties.disciplines.anyOf[1].items as { enum: string[] })
      .enum;
    expect(enumOf).toEqual(DEFAULT_DISCIPLINES.map((d) => d.code));
  });
});

describe('bank report', () => {
  it('counts per source, discipline, type and status, and reports targets per chapter', () => {
    const r = check({
      'laws/a.yaml': {
        sources: [{ ...source, key: '安全生产法' }],
        items: [
          judge('a-1', { source: { document: '安全生产法', article: '第二条' } }),
          single('a-2', {
            source: { document: '安全生产法', article: '第三条' },
            disciplines: ['metallurgy', 'textile'],
          }),
          judge('a-3', {
            source: { document: '安全生产法', article: '第一条' },
            basis: '制定本法',
            status: 'draft',
            stem: '第三题',
          }),
        ],
      },
    });
    const counts = countBank(r.items);
    expect(counts.total).toBe(3);
    expect(counts.byType).toEqual({ judge: 2, single: 1, multiple: 0 });
    expect(counts.byStatus).toEqual({ draft: 1, approved: 2, retired: 0 });
    expect(counts.bySource).toEqual([
      { key: '安全生产法', total: 3, byStatus: { draft: 1, approved: 2, retired: 0 } },
    ]);
    expect(counts.byDiscipline.find((d) => d.code === 'common')).toMatchObject({ total: 2, approved: 1 });
    expect(counts.byDiscipline.find((d) => d.code === 'textile')).toMatchObject({ total: 1, approved: 1 });

    const [wsl] = contentTargets(r.items, laws);
    expect(wsl).toMatchObject({ actual: 2, required: 150, met: false });
    expect(wsl.parts).toEqual([
      { label: '第一章 总则', actual: 1, met: true },
      { label: '第二章 保障', actual: 1, met: true },
    ]);
    const supply = paperSupply(r.items).find((s) => s.code === 'metallurgy');
    expect(supply).toMatchObject({
      common: { judge: 1, single: 0, multiple: 0 },
      discipline: { judge: 0, single: 1, multiple: 0 },
    });
  });

  it('counts discipline-specific items without shared-knowledge sources, with true/false balance and recall share', () => {
    const shared = {
      ...source,
      key: '消防法',
      title: '中华人民共和国消防法',
      lawFile: undefined,
      scope: 'shared',
    };
    const draftOnly = { ...shared, versionDate: undefined, effectiveDate: undefined };
    const r = check({
      'laws/a.yaml': {
        sources: [source],
        items: [
          judge('a-1', { disciplines: ['metallurgy'] }),
          single('a-2', { disciplines: ['metallurgy', 'textile'], recall: true }),
        ],
      },
      'laws/b.yaml': {
        sources: [draftOnly],
        items: [
          judge('b-1', {
            source: { document: '消防法', article: '第二条' },
            disciplines: ['metallurgy'],
            stem: '消防题',
            answer: false,
            status: 'draft',
          }),
        ],
      },
    });
    expect(reasons(r)).toEqual([]);
    // Drafts are not counted: approve b-1 in place to see the shared scope at work.
    const approvedShared = r.items.map((c) =>
      c.item.id === 'b-1' ? { ...c, item: { ...c.item, status: 'approved' as const } } : c,
    );
    const report = writingReport(approvedShared);
    expect(report.byDiscipline.find((d) => d.code === 'metallurgy')).toEqual({
      code: 'metallurgy',
      name: '冶金',
      approved: 3,
      specific: 2,
      judge: 2,
      judgeTrue: 1,
      recall: 1,
    });
    expect(report.byDiscipline.find((d) => d.code === 'textile')).toMatchObject({ approved: 1, specific: 1 });
    expect(report.bySource).toEqual([
      { key: '示例法', shared: false, approved: 2, judge: 1, judgeTrue: 1, recall: 1 },
      { key: '消防法', shared: true, approved: 1, judge: 1, judgeTrue: 0, recall: 0 },
    ]);
  });
});
