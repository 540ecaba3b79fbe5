import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { QuestionSource } from '../../src/question-bank/entities/question-source.entity';
import { api, seedSitting } from '../support/socket-helpers';
import {
  describeWithBrowser,
  newContext,
  screenshot,
  staffLogin,
  startWorld,
  trackErrors,
  waitForText,
  type BrowserWorld,
} from './support';

/**
 * The administrator's set-up pages: 系统设置 sets the address candidates use, the tickets' preview and the
 * proctor console show it (the tickets with its QR code); 文本/Word 导入 refuses a text with a bad question,
 * naming its line, then takes a good one as drafts.
 */
describeWithBrowser('browser: set-up pages (exam address, text import)', () => {
  let w: BrowserWorld;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  let sittingId = 0;

  beforeAll(async () => {
    w = await startWorld('setup_pages', {
      // The repository's law texts (articles of the 安全生产法), not a LAWS_DIR outside it.
      LAWS_DIR: join(__dirname, '../fixtures/question-bank/law-texts'),
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
    });
    const now = new Date();
    await w.t.ds.getRepository(QuestionSource).save({
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
    });
    const token = await w.t.login();
    sittingId = (await seedSitting(w.base, token, { campaignId: 1, durationSeconds: 600 })).sittingId;
    // The console's own requests need the sitting to exist; nothing else is set up through the API.
    expect((await api(w.base, 'GET', `/api/sittings/${sittingId}`, undefined, token)).status).toBe(200);
    ctx = await newContext(w);
    page = await ctx.newPage();
    errors = trackErrors(page);
    await staffLogin(page, 'admin', 'admin-password-1');
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
    await w?.close();
  });

  it('sets the exam address under 系统设置; the tickets and the proctor console show it', async () => {
    await page.locator('[data-nav="settings"]').click();
    // Nothing set yet: the address this browser used, with the warning that candidates cannot open it.
    await waitForText(page, '[data-test="exam-address-source"]', '未设置');
    await page.locator('[data-test="exam-address-warning"]').waitFor();
    await page.locator('input[data-test="exam-address-input"]').fill('ftp://192.168.10.5');
    await page.locator('[data-test="exam-address-save"]').click();
    await waitForText(page, '.el-form-item__error', 'http:// 或 https://');
    await page.locator('input[data-test="exam-address-input"]').fill('http://192.168.10.5:3000');
    await page.locator('[data-test="exam-address-save"]').click();
    await waitForText(page, '[data-test="exam-address-current"]', 'http://192.168.10.5:3000/exam');
    await waitForText(page, '[data-test="exam-address-source"]', '系统设置');
    expect(await page.locator('[data-test="exam-address-warning"]').count()).toBe(0);
    await screenshot(page, 'setup-settings-exam-address');

    await page.goto(`/tickets/${sittingId}`);
    await waitForText(page, '[data-test="tickets-address"]', 'http://192.168.10.5:3000/exam');
    const ticket = page.frameLocator('[data-test="tickets-frame"]');
    await ticket.locator('svg').first().waitFor();
    expect(await ticket.locator('svg').count()).toBe(2);
    expect(await ticket.locator('body').textContent()).toContain('http://192.168.10.5:3000/exam');
    expect(await ticket.locator('body').textContent()).not.toContain('只能在服务器本机打开');
    await screenshot(page, 'setup-tickets-address');

    await page.goto(`/staff/sittings/${sittingId}/console`);
    await waitForText(page, '[data-test="exam-address"]', 'http://192.168.10.5:3000/exam');
    await screenshot(page, 'setup-console-address');
  });

  it('refuses a text with a bad question naming its line, then imports the good text as drafts', async () => {
    await page.goto('/staff/questions');
    await page.locator('.el-tabs__item', { hasText: '导入导出' }).click();
    const good = [
      '1. 生产经营单位的主要负责人是本单位安全生产（  ），对本单位的安全生产工作全面负责。',
      'A. 第一责任人',
      'B. 直接责任人',
      'C. 主要责任人',
      'D. 领导责任人',
      '答案：A',
      '出处：《中华人民共和国安全生产法》第五条',
      '',
      '2. 从业人员有权拒绝违章指挥和强令冒险作业。（  ）',
      '答案：正确',
      '出处：《中华人民共和国安全生产法》第五十四条',
    ];
    const bad = [...good];
    bad[9] = '答案：不一定'; // line 10
    const input = page.locator('textarea[data-test="text-import-input"]');
    await input.fill(bad.join('\n'));
    await page.locator('[data-test="text-import-submit"]').click();
    const problems = page.locator('[data-test="text-import"] [data-test="import-errors"]');
    await problems.waitFor();
    await waitForText(page, '[data-test="text-import"] [data-test="import-errors"]', '判断题的答案应为');
    expect(await problems.locator('.el-table__row').count()).toBe(1);
    expect((await problems.locator('.el-table__row td').nth(2).textContent())?.trim()).toBe('10');
    expect(await w.t.ds.getRepository(QuestionItem).count()).toBe(0);
    await screenshot(page, 'setup-text-import-refused');

    await input.fill(good.join('\n'));
    await page.locator('[data-test="text-import-submit"]').click();
    await waitForText(page, '[data-test="text-import-result"]', '已导入 2 道题');
    const drafts = page.locator('[data-test="text-import-drafts"] .el-table__body .el-table__row');
    expect(await drafts.count()).toBe(2);
    expect(await drafts.nth(1).textContent()).toContain('判断');
    const items = await w.t.ds.getRepository(QuestionItem).find();
    expect(items.map((i) => i.status)).toEqual(['draft', 'draft']);
    await screenshot(page, 'setup-text-import-drafts');
    expect(errors).toEqual([]);
  });
});
