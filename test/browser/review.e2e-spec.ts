import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { QuestionItem } from '../../src/question-bank/entities/question-item.entity';
import { QuestionBankTransferService } from '../../src/question-bank/question-bank-transfer.service';
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

const FIXTURE = join(__dirname, '../fixtures/question-bank');

/**
 * The experts' review in the browser: the administrator makes a reviewer account; the first reviewer works
 * through the queue (approves an item with the article's full text beside it, sends another back for change
 * with a comment); the second reviewer's approval makes the first item approved; the administrator sees the
 * review on the item.
 */
describeWithBrowser('browser: experts review the bank', () => {
  let w: BrowserWorld;
  const contexts: BrowserContext[] = [];
  const errors: Record<string, string[]> = {};

  async function pageAs(name: string, username: string, password: string): Promise<Page> {
    const ctx = await newContext(w);
    contexts.push(ctx);
    const p = await ctx.newPage();
    errors[name] = trackErrors(p);
    await staffLogin(p, username, password);
    return p;
  }
  const item = (code: string) => w.t.ds.getRepository(QuestionItem).findOneByOrFail({ code });

  beforeAll(async () => {
    w = await startWorld('review_browser', {
      LAWS_DIR: join(FIXTURE, 'law-texts'),
      QUESTION_BANK_DIR: join(FIXTURE, 'bank'),
    });
    await w.t.app.get(QuestionBankTransferService).importShipped('system');
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) {
      await c.close();
    }
    await w?.close();
  });

  it('lets the administrator create reviewer accounts', async () => {
    const admin = await pageAs('admin', 'admin', 'admin-password-1');
    await admin.locator('[data-nav="users"]').click();
    for (const [username, name] of [
      ['expert1', '李专家'],
      ['expert2', '赵专家'],
    ]) {
      await admin.locator('[data-test="new-user"]').click();
      await admin.locator('input[name="new-username"]').fill(username);
      await admin.locator('input[name="new-displayname"]').fill(name);
      await admin.locator('.el-dialog .el-radio').getByText('评审专家').click();
      await admin.locator('input[name="new-password"]').fill('expert-pass-1');
      await admin.locator('[data-test="create-user"]').click();
      await admin.locator('[data-test="users-table"]').getByText(name).waitFor();
    }
    await screenshot(admin, 'review-admin-users');
  });

  it('a reviewer approves one item and sends another back for change; one approval is not enough', async () => {
    const r1 = await pageAs('expert1', 'expert1', 'expert-pass-1');
    await r1.waitForURL(/\/staff\/review/);
    // Only the review queue is on the reviewer's menu.
    expect(
      await r1.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav'))),
    ).toEqual(['review']);
    const queue = r1.locator('[data-test="review-queue"]');
    await queue.getByText('fx-0004').waitFor();
    await queue.getByText('fx-0004').click();
    await waitForText(r1, '[data-test="review-item"] h3', 'fx-0004');
    await waitForText(
      r1,
      '[data-test="article-text"]',
      '第二十一条 生产经营单位的主要负责人对本单位安全生产工作负有下列职责',
    );
    await waitForText(r1, '[data-test="review-key"]', 'B');
    await screenshot(r1, 'review-item-with-article');
    await r1.locator('[data-test="decide-approve"]').click();
    await r1.locator('.el-message--success').getByText('还需另一位评审专家批准').waitFor();
    expect((await item('fx-0004')).status).toBe('draft');

    // The next item opens by itself: a standard without a law file, sent back with a comment.
    await waitForText(r1, '[data-test="review-item"] h3', 'fxd-0001');
    await r1.locator('[data-test="decide-request-change"]').click();
    await r1.locator('.el-message--warning').getByText('须填写评审意见').waitFor();
    await r1
      .locator('textarea[data-test="review-comment"], [data-test="review-comment"] textarea')
      .fill('依据不是标准原文，请按 GB 99999-2020 第5.2条逐字摘录');
    await r1.locator('[data-test="decide-request-change"]').click();
    await r1.locator('.el-message--success').getByText('已退回修改').waitFor();
    expect(await item('fxd-0001')).toMatchObject({
      status: 'draft',
      statusReason: '评审退回修改：依据不是标准原文，请按 GB 99999-2020 第5.2条逐字摘录',
    });
    await queue.getByText('fxd-0001').waitFor({ state: 'detached' });
    await screenshot(r1, 'review-queue-after-decisions');
  });

  it('a second reviewer’s approval makes the item approved, and the administrator sees the review', async () => {
    const r2 = await pageAs('expert2', 'expert2', 'expert-pass-1');
    await r2.waitForURL(/\/staff\/review/);
    const queue = r2.locator('[data-test="review-queue"]');
    await queue.getByText('fx-0004').click();
    await waitForText(r2, '[data-test="review-item"]', '已批准 1/2');
    await r2.locator('[data-test="decide-approve"]').click();
    await r2.locator('.el-message--success').getByText('题目 fx-0004 已批准').waitFor();
    expect((await item('fx-0004')).status).toBe('approved');
    await queue.getByText('fx-0004').waitFor({ state: 'detached' });
    await screenshot(r2, 'review-second-reviewer');

    const admin = await pageAs('admin-2', 'admin', 'admin-password-1');
    await admin.locator('[data-nav="questions"]').click();
    await admin.locator('[data-test="items-table"] tr', { hasText: 'fx-0004' }).getByText('查看').click();
    await waitForText(admin, '[data-test="item-review-status"]', '赵专家');
    await waitForText(admin, '[data-test="item-review-status"]', '李专家');
    await screenshot(admin, 'review-admin-item-status');

    // The administrator's review page: the rule can be switched to one reviewer (audited).
    await admin.goto('/staff/review');
    await waitForText(admin, '[data-test="review-rule"]', '须 2 位不同的评审专家批准');
    await admin.locator('[data-test="review-mode"]').getByText('一位评审专家').click();
    await admin.locator('.el-message--success').getByText('已改为一位评审专家批准即可').waitFor();
    await waitForText(admin, '[data-test="review-rule"]', '一位评审专家批准即可');
    await screenshot(admin, 'review-admin-queue');
    const [setting] = await w.t.ds.query(
      `SELECT details FROM audit_log WHERE action = 'qbank.review.settings'`,
    );
    expect(JSON.parse((setting as { details: string }).details)).toEqual({ from: 2, to: 1 });
    for (const [name, list] of Object.entries(errors)) {
      expect({ name, errors: list }).toEqual({ name, errors: [] });
    }
  });
});
