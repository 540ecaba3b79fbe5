import { join } from 'node:path';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { QuestionItemVersion } from '../../src/question-bank/entities/question-item-version.entity';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { QuestionSource } from '../../src/question-bank/entities/question-source.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { deflatePart, writeZip } from '../support/zip-writer';
import { buildZipBombXlsx } from '../support/zip-writer';

/** The test's law texts (articles of the 安全生产法), so that the test does not depend on a LAWS_DIR outside the repository. */
const FIXTURE_LAWS = join(__dirname, '../fixtures/question-bank/law-texts');

/** The sources the texts cite: 安全生产法 with its full text (LAWS_DIR), a measure without one. */
async function seedSources(t: TestApp): Promise<void> {
  const now = new Date();
  await t.ds.getRepository(QuestionSource).save([
    {
      key: '安全生产法',
      title: '中华人民共和国安全生产法',
      issuer: '全国人民代表大会常务委员会',
      documentNumber: null,
      versionDate: '2021-06-10',
      effectiveDate: '2021-09-01',
      status: 'in-force' as const,
      lawFile: '示例安全法(2021-06-10).md',
      supersededBy: null,
      supersededFrom: null,
      scope: null,
      createdAt: now,
      updatedAt: now,
    },
    {
      key: '安全评价检测检验机构管理办法',
      title: '安全评价检测检验机构管理办法',
      issuer: '应急管理部',
      documentNumber: '应急管理部令第1号',
      versionDate: null,
      effectiveDate: null,
      status: 'in-force' as const,
      lawFile: null,
      supersededBy: null,
      supersededFrom: null,
      scope: null,
      createdAt: now,
      updatedAt: now,
    },
  ]);
}

const GOOD = [
  '一、单项选择题',
  '1. 生产经营单位的主要负责人是本单位安全生产（  ），对本单位的安全生产工作全面负责。',
  'A. 第一责任人',
  'B. 直接责任人',
  'C. 主要责任人',
  'D. 领导责任人',
  '答案：A',
  '解析：主要负责人是第一责任人。',
  '出处：《中华人民共和国安全生产法》第五条',
  '难度：2',
  '',
  '二、判断题',
  '2. 从业人员有权拒绝违章指挥和强令冒险作业。（  ）',
  '答案：√',
  '出处：《中华人民共和国安全生产法》第五十四条',
  '',
  '3. 安全评价检测检验机构应当建立健全内部管理制度。（  ）',
  '答案：正确',
  '依据：《安全评价检测检验机构管理办法》第十条',
  '原文：安全评价检测检验机构应当建立健全内部管理制度',
  '专业：危险化学品',
].join('\n');

describe.each(databasesUnderTest())('文本/Word 导入 on %s', (kind) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(kind, 'text_import', { LAWS_DIR: FIXTURE_LAWS });
    await t.reset();
    admin = await t.login();
    await seedSources(t);
    await t
      .http()
      .post('/api/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'proctor1', displayName: '李监考', role: 'proctor', password: 'proctor-pass-1' })
      .expect(201);
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, token = admin) =>
    t.http().post('/api/question-bank/import/text').set('authorization', `Bearer ${token}`).send(body);
  const counts = async () => ({
    items: await t.ds.getRepository(QuestionItem).count(),
    versions: await t.ds.getRepository(QuestionItemVersion).count(),
    audits: await t.ds.getRepository(AuditEntry).count({ where: { action: 'qbank.upload' } }),
  });

  it('refuses a text with one bad item whole, naming the line and the reason, and writes nothing', async () => {
    const bad = GOOD.replace('答案：√', '答案：也许').replace(
      '出处：《中华人民共和国安全生产法》第五条',
      '出处：《消防法》第五条',
    );
    const before = await counts();
    const r = await post({ content: bad }).expect(422);
    const body = r.body as {
      message: string;
      code: string;
      details: { errors: Array<Record<string, unknown>> };
    };
    expect(body.code).toBe('import_rejected');
    expect(body.message).toContain('行号 9、14');
    expect(body.message).toContain('未写入任何数据');
    expect(body.details.errors).toEqual([
      expect.objectContaining({
        line: 9,
        itemId: '第1题',
        field: '出处',
        reason: expect.stringContaining('《消防法》不在题库的来源中'),
      }),
      expect.objectContaining({
        line: 14,
        itemId: '第2题',
        field: '答案',
        reason: expect.stringContaining('判断题的答案应为'),
      }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports good items as drafts into the review queue, through the bank’s checks, audited', async () => {
    const dry = await post({ content: GOOD, dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ added: 3, dryRun: true });
    expect((await counts()).items).toBe(0);

    const r = await post({ content: GOOD, fileName: '安全生产法练习.txt' }).expect(200);
    const body = r.body as {
      added: number;
      items: Array<{ code: string; number: number; line: number; type: string }>;
    };
    expect(body.added).toBe(3);
    expect(body.items.map((i) => [i.number, i.line, i.type])).toEqual([
      [1, 2, 'single'],
      [2, 13, 'judge'],
      [3, 17, 'judge'],
    ]);
    const items = await t.ds.getRepository(QuestionItem).find({ order: { id: 'ASC' } });
    expect(items.map((i) => i.status)).toEqual(['draft', 'draft', 'draft']);
    expect(items.map((i) => i.code)).toEqual(body.items.map((i) => i.code));
    const first = await t.ds
      .getRepository(QuestionItemVersion)
      .findOneOrFail({ where: { id: items[0].currentVersionId! }, relations: { source: true } });
    expect(first).toMatchObject({
      type: 'single',
      stem: '生产经营单位的主要负责人是本单位安全生产（　），对本单位的安全生产工作全面负责。',
      answer: 'A',
      article: '第五条',
      difficulty: 2,
      explanation: '主要负责人是第一责任人。',
    });
    expect(first.source!.key).toBe('安全生产法');
    // No 原文 line: the article is quoted from the law's full text.
    expect(first.basis).toContain('生产经营单位的主要负责人是本单位安全生产第一责任人');
    const third = await t.ds
      .getRepository(QuestionItemVersion)
      .findOneByOrFail({ id: items[2].currentVersionId! });
    expect(third.disciplines).toEqual(['hazardous-chemicals']);

    const queue = await t
      .http()
      .get('/api/question-bank/review/queue')
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    const queued = (queue.body as { items: Array<{ code: string }> }).items.map((i) => i.code);
    for (const i of body.items) {
      expect(queued).toContain(i.code);
    }
    const audit = await t.ds.getRepository(AuditEntry).find({ where: { action: 'qbank.upload' } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ format: 'text', fileName: '安全生产法练习.txt' });

    // The same text again is refused: its stems are in the bank already.
    const again = await post({ content: GOOD }).expect(422);
    const repeated = (again.body as { details: { errors: Array<{ line: number; reason: string }> } }).details
      .errors;
    expect(repeated.map((e) => e.line)).toEqual([2, 13, 17]);
    expect(repeated[0].reason).toContain(body.items[0].code);
    expect((await counts()).items).toBe(3);
  });

  it('reads a .docx upload through the zip guard, and refuses a zip bomb and bad requests', async () => {
    const para = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${s}</w:t></w:r></w:p>`;
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      [
        '1. 从业人员有权对本单位安全生产工作中存在的问题提出批评、检举、控告。（  ）',
        '答案：正确',
        '出处：《安全生产法》第五十四条',
        '难度：易',
      ]
        .map(para)
        .join('') +
      '</w:body></w:document>';
    const docx = writeZip([
      deflatePart('[Content_Types].xml', '<Types/>'),
      deflatePart('word/document.xml', xml),
    ]);
    const before = (await counts()).items;
    const r = await post({ contentBase64: docx.toString('base64'), fileName: '判断题.docx' }).expect(200);
    expect(r.body).toMatchObject({ added: 1, items: [expect.objectContaining({ type: 'judge', line: 1 })] });
    expect((await counts()).items).toBe(before + 1);

    const bomb = await buildZipBombXlsx({ sheetBytes: 80 * 1024 * 1024 });
    const refused = await post({ contentBase64: bomb.toString('base64'), fileName: 'bomb.docx' }).expect(422);
    expect((refused.body as { code: string }).code).toBe('xlsx_refused');

    const both = await post({ content: GOOD, contentBase64: docx.toString('base64') }).expect(422);
    expect((both.body as { message: string }).message).toContain('二者选其一');
    await post({ content: 42 }).expect(400);
    const proctor = await t.login('proctor1', 'proctor-pass-1');
    await post({ content: GOOD }, proctor).expect(403);
    expect((await counts()).items).toBe(before + 1);
  });
});
