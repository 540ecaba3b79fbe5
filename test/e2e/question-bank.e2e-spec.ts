import { JwtService } from '@nestjs/jwt';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import type { Response } from 'supertest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { payloadFromActor } from '../../src/auth/token';
import { QuestionItemVersion } from '../../src/question-bank/entities/question-item-version.entity';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { writeItemsWorkbook } from '../../src/question-bank/files/excel-io';
import type { ItemVersionForCandidate } from '../../src/question-bank/pool';
import { QuestionBankTransferService } from '../../src/question-bank/question-bank-transfer.service';
import { QuestionBankService } from '../../src/question-bank/question-bank.service';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

const ROOT = join(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/question-bank');
const FIXTURE_BANK = join(FIXTURE, 'bank');
const FIXTURE_LAWS = join(FIXTURE, 'law-texts');

/** A writable copy of the fixture bank, to edit between imports. */
function bankCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'choukao-qbank-'));
  cpSync(FIXTURE_BANK, dir, { recursive: true });
  return dir;
}

// Compile-time guard: the candidate-facing type has no key, basis or explanation.
type Forbidden = 'answer' | 'basis' | 'explanation' | 'key';
const candidateTypeIsClean: Extract<keyof ItemVersionForCandidate, Forbidden> extends never ? true : false =
  true;

describe.each(databasesUnderTest())('question bank on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let bank: QuestionBankService;
  let transfer: QuestionBankTransferService;

  beforeAll(async () => {
    t = await createTestApp(kind, 'question_bank', {
      LAWS_DIR: FIXTURE_LAWS,
      QUESTION_BANK_DIR: FIXTURE_BANK,
    });
    bank = t.app.get(QuestionBankService);
    transfer = t.app.get(QuestionBankTransferService);
    admin = await t.login();
    // These tests are about the bank, not the review rule: one approval approves (review.e2e-spec covers two).
    await t
      .http()
      .put('/api/question-bank/review/settings')
      .set({ authorization: `Bearer ${admin}` })
      .send({ reviewersRequired: 1 })
      .expect(200);
  });
  afterAll(() => t.close());
  // The bank's tables and the audit log only: the administrator (and the token) stay, which keeps argon2's
  // hashing out of every test.
  beforeEach(async () => {
    for (const table of ['qb_item_disciplines', 'qb_item_versions', 'qb_items', 'qb_sources', 'audit_log']) {
      await t.ds.query(`DELETE FROM ${table}`);
    }
    await t.ds.query(`UPDATE audit_head SET seq = 0, hash = '${'0'.repeat(64)}' WHERE id = 1`);
  });

  const auth = () => ({ authorization: `Bearer ${admin}` });
  const audits = (action: string) =>
    t.ds.getRepository(AuditEntry).find({ where: { action }, order: { seq: 'ASC' } });
  const itemByCode = (code: string) => t.ds.getRepository(QuestionItem).findOneByOrFail({ code });
  const countRows = async () => ({
    items: await t.ds.getRepository(QuestionItem).count(),
    versions: await t.ds.getRepository(QuestionItemVersion).count(),
    audit: await t.ds.getRepository(AuditEntry).count(),
  });

  it('imports the shipped files idempotently, audited once per import with the counts', async () => {
    const first = await transfer.importShipped('system');
    expect(first.result).toMatchObject({
      added: 7,
      changed: 0,
      statusChanged: 0,
      unchanged: 0,
      missing: 0,
      sourcesAdded: 2,
    });
    const second = await transfer.importShipped('system');
    expect(second.result).toMatchObject({
      added: 0,
      changed: 0,
      statusChanged: 0,
      unchanged: 7,
      sourcesAdded: 0,
    });
    const records = await audits('qbank.import');
    expect(records).toHaveLength(2);
    expect(JSON.parse(records[0].details)).toMatchObject({ added: 7, changed: 0, files: 2 });
    expect(JSON.parse(records[1].details)).toMatchObject({ added: 0, changed: 0, unchanged: 7 });
    const stats = await t.http().get('/api/question-bank/stats').set(auth()).expect(200);
    expect(stats.body.all).toEqual({ total: 7, draft: 3, approved: 3, retired: 1 });
    expect(stats.body.byDiscipline.find((d: { code: string }) => d.code === 'common')).toMatchObject({
      total: 4,
      approved: 3,
    });
    expect(stats.body.byDiscipline.find((d: { code: string }) => d.code === 'metallurgy')).toMatchObject({
      total: 1,
    });
    expect(stats.body.bySource[0]).toMatchObject({ key: '示例安全法', total: 4, approved: 3, draft: 1 });
    expect(stats.body.byType.find((x: { type: string }) => x.type === 'multiple')).toMatchObject({
      total: 2,
      retired: 1,
    });
  });

  it('gives a changed file item a new version and leaves the old version row as it was', async () => {
    const dir = bankCopy();
    await transfer.importShipped('system', dir);
    const before = await itemByCode('fx-0001');
    const oldRow = await t.ds.query(`SELECT * FROM qb_item_versions WHERE id = ${before.currentVersionId}`);
    const file = join(dir, 'laws/sample-law.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('本单位安全生产（　）。', '本单位安全生产的（　）。'),
    );

    const r = await transfer.importShipped('system', dir);
    expect(r.result).toMatchObject({ added: 0, changed: 1, unchanged: 6 });
    const after = await itemByCode('fx-0001');
    expect(after.currentVersionId).not.toBe(before.currentVersionId);
    expect(after).toMatchObject({ versionCount: 2, status: 'approved' });
    expect(await t.ds.query(`SELECT * FROM qb_item_versions WHERE id = ${before.currentVersionId}`)).toEqual(
      oldRow,
    );
    const views = await bank.versionsForCandidate([before.currentVersionId!, after.currentVersionId!]);
    expect(views.get(before.currentVersionId!)?.stem).toBe(
      '生产经营单位的主要负责人是本单位安全生产（　）。',
    );
    expect(views.get(after.currentVersionId!)?.stem).toBe(
      '生产经营单位的主要负责人是本单位安全生产的（　）。',
    );
    expect((await transfer.importShipped('system', dir)).result).toMatchObject({ changed: 0, unchanged: 7 });
  });

  it('applies status changes from the files, keeps approvals made in the app, and reports removed items', async () => {
    const dir = bankCopy();
    await transfer.importShipped('system', dir);
    const draft = await itemByCode('fx-0004');
    await t
      .http()
      .post(`/api/question-bank/items/${draft.id}/approve`)
      .set(auth())
      .send({ reason: '已对照全文核对' })
      .expect(200);
    expect((await transfer.importShipped('system', dir)).result).toMatchObject({
      statusChanged: 0,
      unchanged: 7,
    });
    expect((await itemByCode('fx-0004')).status).toBe('approved');

    const file = join(dir, 'laws/sample-law.yaml');
    const text = readFileSync(file, 'utf8');
    const withoutLast = text.slice(0, text.indexOf('  - id: fx-0004'));
    writeFileSync(
      file,
      withoutLast.replace(
        /status: approved\n    explanation: 第五条/,
        'status: retired\n    explanation: 第五条',
      ),
    );
    const r = await transfer.importShipped('system', dir);
    expect(r.result).toMatchObject({ statusChanged: 1, missing: 1, missingCodes: ['fx-0004'] });
    expect((await itemByCode('fx-0001')).status).toBe('retired');
    expect(await itemByCode('fx-0004')).toMatchObject({ status: 'approved' });
  });

  it('refuses to import shipped files that break the rules, writing nothing', async () => {
    const dir = bankCopy();
    const file = join(dir, 'laws/sample-law.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('answer: A', 'answer: E'));
    await expect(transfer.importShipped('system', dir)).rejects.toMatchObject({ code: 'bank_files_invalid' });
    expect(await countRows()).toMatchObject({ items: 0, versions: 0 });
  });

  it('edits an item as a new version, keeps the old version, and sends an edited approved item back to review', async () => {
    await transfer.importShipped('system');
    const item = await itemByCode('fx-0002');
    const oldRow = await t.ds.query(`SELECT * FROM qb_item_versions WHERE id = ${item.currentVersionId}`);
    const res = await t
      .http()
      .patch(`/api/question-bank/items/${item.id}`)
      .set(auth())
      .send({
        stem: '未经安全生产教育和培训合格的从业人员，经车间主任批准后可以上岗作业。',
        note: '改写干扰',
        baseVersionNo: 1,
      })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'draft', current: { versionNo: 2, answer: false } });
    expect(res.body.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);
    expect(res.body.versions[0].stem).toBe(
      '未经安全生产教育和培训合格的从业人员，经班组长同意后可以上岗作业。',
    );
    expect(await t.ds.query(`SELECT * FROM qb_item_versions WHERE id = ${item.currentVersionId}`)).toEqual(
      oldRow,
    );
    const [rec] = await audits('qbank.item.update');
    expect(JSON.parse(rec.details)).toMatchObject({ fromVersion: 1, toVersion: 2, resetToDraft: true });
    await t
      .http()
      .patch(`/api/question-bank/items/${item.id}`)
      .set(auth())
      .send({ difficulty: 3, baseVersionNo: 1 })
      .expect(409);
    const same = await t
      .http()
      .patch(`/api/question-bank/items/${item.id}`)
      .set(auth())
      .send({ difficulty: 1 })
      .expect(200);
    expect(same.body.current.versionNo).toBe(2);
    const bad = await t
      .http()
      .patch(`/api/question-bank/items/${item.id}`)
      .set(auth())
      .send({ type: 'single', answer: 'E', options: { A: '甲', B: '乙', C: '丙', D: '丁' } })
      .expect(422);
    expect(bad.body.details.errors).toEqual([{ field: 'answer', reason: '答案 E 不在选项 A、B、C、D 中' }]);
  });

  it('approves with a verified basis, and an unverifiable one only with a reviewer note, both audited', async () => {
    await transfer.importShipped('system');
    const lawItem = await itemByCode('fx-0004');
    const ok = await t
      .http()
      .post(`/api/question-bank/items/${lawItem.id}/approve`)
      .set(auth())
      .send({ reason: '核对无误' })
      .expect(200);
    expect(ok.body).toMatchObject({ status: 'approved', basisCheck: 'verified' });
    await t
      .http()
      .post(`/api/question-bank/items/${lawItem.id}/approve`)
      .set(auth())
      .send({ reason: 'x' })
      .expect(409);

    const standardItem = await itemByCode('fxd-0001');
    const refused = await t
      .http()
      .post(`/api/question-bank/items/${standardItem.id}/approve`)
      .set(auth())
      .send({ reason: '专家审核' })
      .expect(422);
    expect(refused.body.message).toContain('reviewerNote');
    expect((await itemByCode('fxd-0001')).status).toBe('draft');
    await t
      .http()
      .post(`/api/question-bank/items/${standardItem.id}/approve`)
      .set(auth())
      .send({ reason: '专家审核', reviewerNote: '已对照 GB 99999-2020 纸质文本第5.2条核对' })
      .expect(200);
    await t
      .http()
      .post(`/api/question-bank/items/${standardItem.id}/retire`)
      .set(auth())
      .send({})
      .expect(400);
    await t
      .http()
      .post(`/api/question-bank/items/${standardItem.id}/retire`)
      .set(auth())
      .send({ reason: '标准已修订' })
      .expect(200);

    const approvals = (await audits('qbank.item.approve')).map((a) => JSON.parse(a.details));
    expect(approvals).toEqual([
      expect.objectContaining({ reason: '核对无误', basisCheck: 'verified', versionNo: 1 }),
      expect.objectContaining({
        reason: '专家审核',
        basisCheck: 'unverifiable',
        reviewerNote: '已对照 GB 99999-2020 纸质文本第5.2条核对',
      }),
    ]);
    const [retire] = await audits('qbank.item.retire');
    expect(retire.target).toBe('question:fxd-0001');
    expect(JSON.parse(retire.details)).toMatchObject({ reason: '标准已修订', from: 'approved' });
    expect((await itemByCode('fxd-0001')).status).toBe('retired');
    const verify = await t.http().get('/api/audit/verify').set(auth()).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('creates a draft item and refuses a near-duplicate stem', async () => {
    await transfer.importShipped('system');
    const created = await t
      .http()
      .post('/api/question-bank/items')
      .set(auth())
      .send({
        type: 'judge',
        stem: '从业人员有权拒绝违章指挥和强令冒险作业。',
        answer: true,
        sourceKey: '示例安全法',
        article: '第五十四条',
        basis: '有权拒绝违章指挥和强令冒险作业。',
        disciplines: ['common'],
        difficulty: 1,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      code: 'adm-0001',
      status: 'draft',
      origin: 'admin',
      current: { versionNo: 1 },
    });
    const dup = await t
      .http()
      .post('/api/question-bank/items')
      .set(auth())
      .send({
        type: 'judge',
        stem: '从业人员有权拒绝违章指挥和强令冒险作业！',
        answer: true,
        sourceKey: '示例安全法',
        article: '第五十四条',
        basis: '有权拒绝违章指挥和强令冒险作业。',
        disciplines: ['common'],
        difficulty: 1,
      })
      .expect(422);
    expect(dup.body.message).toContain('adm-0001');
    await t
      .http()
      .post('/api/question-bank/items')
      .set(auth())
      .send({
        type: 'judge',
        stem: 'x',
        answer: true,
        sourceKey: '没有',
        article: '1',
        basis: 'b',
        disciplines: ['common'],
        difficulty: 1,
      })
      .expect(422);
  });

  it('lists, filters, searches and pages; shows an item with its versions', async () => {
    await transfer.importShipped('system');
    const get = (q: string) => t.http().get(`/api/question-bank/items?${q}`).set(auth()).expect(200);
    expect((await get('')).body.total).toBe(7);
    expect((await get('status=approved')).body.items.map((i: { code: string }) => i.code)).toEqual([
      'fx-0001',
      'fx-0002',
      'fx-0003',
    ]);
    expect((await get('discipline=metallurgy')).body.items.map((i: { code: string }) => i.code)).toEqual([
      'fxd-0001',
    ]);
    expect((await get(`source=${encodeURIComponent('GB 99999-2020')}&type=single`)).body.total).toBe(1);
    expect((await get(`article=${encodeURIComponent('第二十八条')}`)).body.items[0].code).toBe('fx-0002');
    expect((await get('difficulty=3')).body.total).toBe(3);
    expect(
      (await get(`q=${encodeURIComponent('检举')}`)).body.items.map((i: { code: string }) => i.code),
    ).toEqual(['fx-0003']);
    expect((await get(`q=${encodeURIComponent('100%')}`)).body.total).toBe(0);
    const page2 = (await get('pageSize=3&page=2')).body;
    expect(page2).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(page2.items.map((i: { code: string }) => i.code)).toEqual(['fx-0004', 'fxd-0001', 'fxd-0002']);
    expect(page2.items[1]).toMatchObject({
      disciplines: ['metallurgy', 'nonferrous'],
      sourceKey: 'GB 99999-2020',
      versionNo: 1,
    });
    await t.http().get('/api/question-bank/items?pageSize=1000').set(auth()).expect(400);
    const one = await t.http().get(`/api/question-bank/items/${page2.items[0].id}`).set(auth()).expect(200);
    expect(one.body).toMatchObject({
      code: 'fx-0004',
      source: { key: '示例安全法', lawFile: '示例安全法(2021-06-10).md' },
    });
    expect(one.body.versions).toHaveLength(1);
    await t.http().get('/api/question-bank/items/99999').set(auth()).expect(404);
  });

  it('gives paper assembly the approved items with their current versions and grading their keys', async () => {
    await transfer.importShipped('system');
    const pool = await bank.approvedPool();
    expect(pool.map((p) => p.code)).toEqual(['fx-0001', 'fx-0002', 'fx-0003']);
    const multiple = pool.find((p) => p.code === 'fx-0003')!;
    expect(multiple).toMatchObject({
      type: 'multiple',
      answer: ['A', 'B', 'C'],
      optionLabels: ['A', 'B', 'C', 'D'],
      sourceKey: '示例安全法',
      article: '第五十四条',
      disciplines: ['common'],
    });
    const keyed = await bank.versionsWithKeys([multiple.versionId]);
    expect(keyed.get(multiple.versionId)).toMatchObject({
      code: 'fx-0003',
      versionNo: 1,
      answer: ['A', 'B', 'C'],
      basis: '从业人员有权对本单位安全生产工作中存在的问题提出批评、检举、控告',
    });
  });

  it('never gives a candidate the key, basis or explanation', async () => {
    expect(candidateTypeIsClean).toBe(true);
    await transfer.importShipped('system');
    const versions = await t.ds.getRepository(QuestionItemVersion).find();
    const views = await bank.versionsForCandidate(versions.map((v) => v.id));
    expect(views.size).toBe(7);
    for (const v of versions) {
      const view = views.get(v.id)!;
      expect(Object.keys(view).sort()).toEqual(['options', 'stem', 'type', 'versionId']);
      const text = JSON.stringify(view);
      expect(text).not.toContain(v.basis);
      if (v.explanation) {
        expect(text).not.toContain(v.explanation);
      }
    }
    const candidate = t.app
      .get(JwtService)
      .sign(payloadFromActor({ kind: 'candidate', id: 1, sittingId: 1, attemptId: 1 }));
    for (const path of ['items', 'items/1', 'stats', 'export.yaml', 'template.xlsx']) {
      await t
        .http()
        .get(`/api/question-bank/${path}`)
        .set('authorization', `Bearer ${candidate}`)
        .expect(403);
    }
  });

  it('keeps proctors out of every administrator endpoint', async () => {
    await t
      .http()
      .post('/api/users')
      .set(auth())
      .send({ username: 'proctor1', displayName: '监考', role: 'proctor', password: 'proctor-pass-1' })
      .expect(201);
    const proctor = await t.login('proctor1', 'proctor-pass-1');
    const as = { authorization: `Bearer ${proctor}` };
    for (const path of [
      'items',
      'items/1',
      'stats',
      'sources',
      'export.yaml',
      'export.xlsx',
      'template.xlsx',
    ]) {
      await t.http().get(`/api/question-bank/${path}`).set(as).expect(403);
    }
    await t.http().post('/api/question-bank/items/1/approve').set(as).send({ reason: 'x' }).expect(403);
    await t.http().post('/api/question-bank/items/1/retire').set(as).send({ reason: 'x' }).expect(403);
    await t.http().post('/api/question-bank/import/yaml').set(as).send({ content: 'x' }).expect(403);
    await t.http().get('/api/question-bank/items').expect(401);
  });

  describe('uploads', () => {
    /** A workbook in the template's format with the given item rows (cells by column header). */
    async function workbook(rows: Array<Record<string, string | number>>): Promise<string> {
      const template = await t
        .http()
        .get('/api/question-bank/template.xlsx')
        .set(auth())
        .buffer(true)
        .parse(binary)
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template.body as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('题目')!;
      const headers = (sheet.getRow(1).values as string[]).slice(1);
      sheet.spliceRows(2, 1);
      rows.forEach((r, i) => {
        sheet.getRow(i + 2).values = headers.map((h) => r[h] ?? null);
      });
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    }
    const STEMS: Record<string, string> = {
      'xl-0001': '生产经营单位应当对哪些人员进行安全生产教育和培训？',
      'xl-0002': '安全生产教育和培训计划由谁组织制定并实施？',
      'xl-0003': '从业人员经培训应当具备哪些方面的知识和技能？',
      'xl-0004': '未经培训合格的从业人员能否上岗作业？',
    };
    const row = (id: string, over: Record<string, string | number> = {}) => ({
      题目编号: id,
      题型: '单选',
      题干: STEMS[id] ?? `示例题干 ${id}`,
      选项A: '甲',
      选项B: '乙',
      选项C: '丙',
      选项D: '丁',
      答案: 'B',
      依据文件: '示例安全法',
      条款: '第二十八条',
      依据原文: '生产经营单位应当对从业人员进行安全生产教育和培训',
      适用专业: '冶金、有色',
      难度: 2,
      状态: '草稿',
      ...over,
    });

    it('downloads a template with Chinese headers and an example row', async () => {
      const res = await t
        .http()
        .get('/api/question-bank/template.xlsx')
        .set(auth())
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('题目')!;
      expect((sheet.getRow(1).values as string[]).slice(1, 4)).toEqual(['题目编号', '题型', '题干']);
      expect(sheet.getRow(2).getCell(1).value).toBe('xls-0001');
      expect(wb.getWorksheet('来源')!.getRow(2).getCell(1).value).toBe('安全生产法');
    });

    it('imports a spreadsheet with a bad row in the middle: writes nothing and names the row', async () => {
      await transfer.importShipped('system');
      const before = await countRows();
      const bad = await workbook([
        row('xl-0001'),
        row('xl-0002', { 答案: 'F', 适用专业: '冶金、造船' }),
        row('xl-0003', { 题型: '多选', 答案: 'AC' }),
        row('xl-0004', { 依据文件: '未知文件' }),
      ]);
      const res = await t
        .http()
        .post('/api/question-bank/import/excel')
        .set(auth())
        .send({ contentBase64: bad, fileName: '导入.xlsx' })
        .expect(422);
      expect(res.body.code).toBe('import_rejected');
      expect(res.body.message).toContain('行 3、5');
      expect(res.body.details.errors).toEqual([
        expect.objectContaining({
          row: 3,
          itemId: 'xl-0002',
          column: '答案',
          reason: '单选题答案须为一个字母，如 B',
        }),
        expect.objectContaining({
          row: 3,
          itemId: 'xl-0002',
          column: '适用专业',
          reason: expect.stringContaining('造船'),
        }),
        expect.objectContaining({
          row: 5,
          itemId: 'xl-0004',
          column: '依据文件',
          reason: expect.stringContaining('未知文件'),
        }),
      ]);
      expect(await countRows()).toEqual(before);

      const good = await workbook([
        row('xl-0001'),
        row('xl-0002'),
        row('xl-0003', { 题型: '多选', 答案: 'AC' }),
      ]);
      const ok = await t
        .http()
        .post('/api/question-bank/import/excel')
        .set(auth())
        .send({ contentBase64: good })
        .expect(200);
      expect(ok.body).toMatchObject({ added: 3, changed: 0, dryRun: false });
      expect((await itemByCode('xl-0003')).status).toBe('draft');
      const again = await t
        .http()
        .post('/api/question-bank/import/excel')
        .set(auth())
        .send({ contentBase64: good })
        .expect(200);
      expect(again.body).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
      const [upload] = await audits('qbank.upload');
      expect(JSON.parse(upload.details)).toMatchObject({ format: 'excel', added: 3 });
    });

    it('imports YAML with a bad item in the middle: writes nothing and names the item and line', async () => {
      const before = await countRows();
      const text = readFileSync(join(FIXTURE_BANK, 'laws/sample-law.yaml'), 'utf8').replace(
        'answer: [A, B, C]',
        'answer: [A]',
      );
      const res = await t
        .http()
        .post('/api/question-bank/import/yaml')
        .set(auth())
        .send({ content: text, fileName: 'sample-law.yaml' })
        .expect(422);
      expect(res.body.details.errors).toEqual([
        expect.objectContaining({
          file: 'sample-law.yaml',
          line: 34,
          itemId: 'fx-0003',
          field: 'answer',
          reason: '多选题至少要有两个正确选项',
        }),
      ]);
      expect(await countRows()).toEqual(before);
      const dry = await t
        .http()
        .post('/api/question-bank/import/yaml')
        .set(auth())
        .send({ content: readFileSync(join(FIXTURE_BANK, 'laws/sample-law.yaml'), 'utf8'), dryRun: true })
        .expect(200);
      expect(dry.body).toMatchObject({ added: 4, sourcesAdded: 1, dryRun: true });
      expect(await countRows()).toEqual(before);
    });

    it('refuses to make an item approved by upload unless its basis is verified', async () => {
      await transfer.importShipped('system');
      const text = [
        'sources: []',
        'items:',
        '  - id: up-0001',
        '    type: judge',
        '    stem: 有限空间作业应当先检测后通风。',
        '    answer: false',
        '    source: { document: GB 99999-2020, article: "5.2" }',
        '    basis: 有限空间作业应当严格遵守“先通风、再检测、后作业”的原则。',
        '    disciplines: [metallurgy]',
        '    difficulty: 2',
        '    status: approved',
      ].join('\n');
      const res = await t
        .http()
        .post('/api/question-bank/import/yaml')
        .set(auth())
        .send({ content: text })
        .expect(422);
      expect(res.body.details.errors).toEqual([
        expect.objectContaining({
          itemId: 'up-0001',
          field: 'status',
          reason: expect.stringContaining('请以草稿导入'),
        }),
      ]);
      await t
        .http()
        .post('/api/question-bank/import/yaml')
        .set(auth())
        .send({ content: text.replace('status: approved', 'status: draft') })
        .expect(200);
    });

    it('brings an upload’s approvals in as drafts for the reviewers while two reviewers are required', async () => {
      const reviewers = (n: number) =>
        t
          .http()
          .put('/api/question-bank/review/settings')
          .set(auth())
          .send({ reviewersRequired: n })
          .expect(200);
      await reviewers(2);
      try {
        const res = await t
          .http()
          .post('/api/question-bank/import/yaml')
          .set(auth())
          .send({ content: readFileSync(join(FIXTURE_BANK, 'laws/sample-law.yaml'), 'utf8') })
          .expect(200);
        expect(res.body.added).toBe(4);
        expect(res.body.approvalsDeferred).toBeGreaterThan(0);
        const approved: Array<{ n: number | string }> = await t.ds.query(
          "SELECT COUNT(*) AS n FROM qb_items WHERE status = 'approved'",
        );
        expect(Number(approved[0].n)).toBe(0);
      } finally {
        await reviewers(1);
      }
    });

    it('exports YAML and Excel that import again without changes', async () => {
      await transfer.importShipped('system');
      const yaml = await t.http().get('/api/question-bank/export.yaml').set(auth()).expect(200);
      expect(yaml.text).toContain('id: fx-0001');
      const reYaml = await t
        .http()
        .post('/api/question-bank/import/yaml')
        .set(auth())
        .send({ content: yaml.text })
        .expect(200);
      expect(reYaml.body).toMatchObject({ added: 0, changed: 0, statusChanged: 0, unchanged: 7 });

      const xlsx = await t
        .http()
        .get('/api/question-bank/export.xlsx?status=approved')
        .set(auth())
        .buffer(true)
        .parse(binary)
        .expect(200);
      const reXlsx = await t
        .http()
        .post('/api/question-bank/import/excel')
        .set(auth())
        .send({ contentBase64: (xlsx.body as Buffer).toString('base64') })
        .expect(200);
      expect(reXlsx.body).toMatchObject({ added: 0, changed: 0, statusChanged: 0, unchanged: 3 });
      const direct = await writeItemsWorkbook(
        await transfer.exportContent(
          { kind: 'staff', id: 1, username: 'admin', role: 'admin' },
          { discipline: 'textile' },
        ),
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(direct as unknown as ExcelJS.Buffer);
      expect(wb.getWorksheet('题目')!.getRow(2).values).toEqual(
        expect.arrayContaining(['fxd-0003', '多选', 'ABD', '纺织', '已停用']),
      );
    });
  });

  it('imports the real shipped bank, and a second import changes nothing', async () => {
    const first = await transfer.importShipped('system', join(ROOT, 'question-bank'));
    expect(first.result.added).toBeGreaterThan(0);
    expect(first.result.added).toBe(first.items);
    const second = await transfer.importShipped('system', join(ROOT, 'question-bank'));
    expect(second.result).toMatchObject({
      added: 0,
      changed: 0,
      statusChanged: 0,
      missing: 0,
      unchanged: first.items,
    });
  });
});

describe('npm run qbank:check', () => {
  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/qbank-check.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('passes a valid bank, printing counts and targets, and fails it with --strict when targets are unmet', () => {
    const ok = run({ QUESTION_BANK_DIR: FIXTURE_BANK, LAWS_DIR: FIXTURE_LAWS });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('示例安全法');
    expect(ok.stdout).toMatch(/按状态：草稿 3 \/ 已批准 3 \/ 已停用 1/);
    expect(ok.stdout).toContain('[未达成 NOT MET] 安全生产法（2021）已批准：0 / ≥ 150');
    expect(run({ QUESTION_BANK_DIR: FIXTURE_BANK, LAWS_DIR: FIXTURE_LAWS }, ['--strict']).status).toBe(1);
  });

  it('fails on a basis that is not in the cited article, naming file, item and field', () => {
    const dir = bankCopy();
    const file = join(dir, 'laws/sample-law.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('不得上岗作业。', '不得独立上岗作业。'));
    const bad = run({ QUESTION_BANK_DIR: dir, LAWS_DIR: FIXTURE_LAWS });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/laws\/sample-law\.yaml:\d+ \[fx-0002\] basis: 依据与第二十八条原文不一致/);
  });
});

/** supertest parser that keeps a binary body as a Buffer. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
}
