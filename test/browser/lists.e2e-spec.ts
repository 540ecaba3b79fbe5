import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import type { AnswerValue } from '../../src/question-bank/question-type';
import { addAttempt, type CampaignFixture, seedCampaign, wrongAnswer } from '../e2e/scoring-fixture';
import {
  describeWithBrowser,
  newContext,
  screenshot,
  staffLogin,
  startWorld,
  trackErrors,
  waitForCount,
  waitForText,
  type BrowserWorld,
} from './support';

/**
 * Lists people read, search and export, in the browser: the results step filtered and exported, a candidate's
 * answer sheet opened from it, the audit log as sentences searched and exported, and the administrator's own
 * password changed from the header.
 */
describeWithBrowser('browser: results, answer sheet, audit log and one’s own password', () => {
  let w: BrowserWorld;
  let ctx: BrowserContext;
  let p: Page;
  let errors: string[];
  let fx: CampaignFixture;
  let given: Map<number, AnswerValue>;

  async function choose(select: string, option: string): Promise<void> {
    await p.locator(select).click();
    await p.locator('.el-select-dropdown__item:visible', { hasText: option }).last().click();
  }

  async function downloaded(click: () => Promise<void>): Promise<{ name: string; wb: ExcelJS.Workbook }> {
    const [download] = await Promise.all([p.waitForEvent('download'), click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    return { name: download.suggestedFilename(), wb };
  }

  beforeAll(async () => {
    w = await startWorld('lists_browser');
    const admin = await w.t.login();
    fx = await seedCampaign(w.t, admin);
    const [perfect, voided, half] = fx.candidates;
    await addAttempt(
      w.t,
      perfect,
      new Map(perfect.paper.questions.map((q) => [q.questionId, q.key])),
      'submitted',
    );
    await addAttempt(
      w.t,
      voided,
      new Map(voided.paper.questions.map((q) => [q.questionId, q.key])),
      'voided',
    );
    given = new Map(
      half.paper.questions.map((q, i) => [q.questionId, i % 2 === 0 ? q.key : wrongAnswer(q)] as const),
    );
    await addAttempt(w.t, half, given, 'submitted');
    await w.t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/grade`)
      .set('authorization', `Bearer ${admin}`)
      .send({})
      .expect(200);
    ctx = await newContext(w);
    p = await ctx.newPage();
    errors = trackErrors(p);
    await staffLogin(p, 'admin', 'admin-password-1');
  }, 240_000);
  afterAll(async () => {
    await ctx?.close();
    await w?.close();
  });

  it('filters the results by outcome and by ticket number, and exports the filtered list', async () => {
    const [, voided] = fx.candidates;
    await p.goto(`/staff/campaigns/${fx.campaignId}/results`);
    await p.getByRole('tab', { name: '考生成绩' }).click();
    await waitForText(p, '[data-test="results-count"]', `全部 ${fx.candidates.length} 人`);
    await choose('[data-test="results-outcome"]', '作废');
    await p.locator('[data-test="results-search"]').click();
    await waitForText(p, '[data-test="results-count"]', '符合条件 1 人');
    await waitForText(p, '[data-test="results-candidates"]', voided.sample.name);
    const { name, wb } = await downloaded(() => p.locator('[data-test="results-export"]').click());
    expect(name).toBe('考生成绩.xlsx');
    const ws = wb.getWorksheet('考生成绩')!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(4).text).toBe(voided.sample.name);
    expect(wb.getWorksheet('说明')!.getCell('A2').text).toContain('结论 作废');
    await screenshot(p, 'lists-results-filtered');
  });

  it('opens a candidate’s answer sheet from the list: the paper, the answers beside the key, the marks', async () => {
    const half = fx.candidates[2];
    await p.locator('[data-test="results-filters"]').getByRole('button', { name: '重置' }).click();
    await p.locator('input[name="results-q"]').fill(half.ticketNumber);
    await p.locator('[data-test="results-search"]').click();
    await waitForText(p, '[data-test="results-count"]', '符合条件 1 人');
    await p.locator('[data-test="open-answer-sheet"]').click();
    await p.waitForURL(`**/answer-sheet/${half.attemptId}`);
    await waitForText(p, '[data-test="answer-sheet-head"]', half.ticketNumber);
    await waitForCount(p, '[data-test="answer-sheet-question"]', half.paper.questions.length);
    const graded = await w.t.ds.query<Array<{ score100: number }>>(
      'SELECT score100 FROM grades WHERE attempt_id = ?',
      [half.attemptId],
    );
    await waitForText(p, '[data-test="answer-sheet-score"]', (Number(graded[0].score100) / 100).toFixed(2));
    const first = half.paper.questions[0];
    const firstShown = p.locator('[data-test="answer-sheet-question"]').first();
    // Question 1 was answered with the key: its mark is its points.
    expect((await firstShown.locator('[data-test="answer-sheet-earned"]').textContent())?.trim()).toBe(
      first.points.toFixed(2),
    );
    expect(await firstShown.locator('[data-test="answer-sheet-response"]').textContent()).not.toBe('未作答');
    await screenshot(p, 'lists-answer-sheet');
    // From an objection: the page finds the person by the objection's 对象 and records the objection.
    await p.goto(
      `/staff/campaigns/${fx.campaignId}/answer-sheet?objectionId=5&q=${encodeURIComponent(half.sample.name)}`,
    );
    await p.locator('[data-test="choose-sheet"]').first().click();
    await waitForText(p, '[data-test="answer-sheet-head"]', half.ticketNumber);
    await waitForText(p, '.page-title', '处理异议 #5');
    const viewed = await w.t.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'scoring.answer-sheet.view' }, order: { seq: 'ASC' } });
    expect(viewed.map((v) => (JSON.parse(v.details) as { objectionId?: number }).objectionId)).toEqual([
      undefined,
      5,
    ]);
  });

  it('reads the audit log as sentences with names, searches it, shows 详情 and exports the selection', async () => {
    const half = fx.candidates[2];
    await p.locator('[data-nav="audit"]').click();
    await waitForText(
      p,
      '[data-test="audit-table"]',
      `系统管理员 查看考生 ${half.sample.name}（票号 ${half.ticketNumber}）的答卷`,
    );
    await waitForText(p, '[data-test="audit-table"]', '导出', 20_000);
    await p.locator('input[name="audit-q"]').fill(half.sample.name);
    await p.locator('[data-test="audit-search"]').click();
    await waitForText(p, '.small-note', '共 2 条');
    const sentence = (await p.locator('[data-test="audit-sentence"]').first().textContent())!.trim();
    expect(sentence).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 管理员 系统管理员 查看考生 /);
    await p.locator('[data-test="audit-toggle"]').first().click();
    await waitForText(p, '[data-test="audit-raw"]', 'scoring.answer-sheet.view');
    await waitForText(p, '[data-test="audit-raw"]', '北京时间');
    const { name, wb } = await downloaded(() => p.locator('[data-test="audit-export"]').click());
    expect(name).toBe('审计日志.xlsx');
    const ws = wb.getWorksheet('审计日志')!;
    expect(ws.getCell('A1').text).toContain(`关键词“${half.sample.name}”`);
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(3).getCell(4).text).toBe(
      `查看考生 ${half.sample.name}（票号 ${half.ticketNumber}）的答卷（处理异议 #5）`,
    );
    expect(ws.getRow(4).getCell(4).text).toBe(
      `查看考生 ${half.sample.name}（票号 ${half.ticketNumber}）的答卷`,
    );
    await screenshot(p, 'lists-audit-log');
    // The excusal made by the fixture names both technicians.
    await p.locator('input[name="audit-q"]').fill('递补');
    await p.locator('[data-test="audit-search"]').click();
    await waitForText(p, '[data-test="audit-table"]', '请假，理由：病假，由 技术人员 ');
  });

  it('changes the administrator’s own password from the header; the old one no longer signs in', async () => {
    await p.locator('[data-test="account"]').click();
    await p.waitForURL('**/staff/account');
    await p.locator('input[name="current-password"]').fill('admin-password-1');
    await p.locator('input[name="new-password"]').fill('admin-password-2');
    await p.locator('input[name="new-password-again"]').fill('admin-password-3');
    await p.locator('[data-test="change-password"]').click();
    await waitForText(p, '[data-test="password-problem"]', '两次输入的新密码不一致');
    await p.locator('input[name="new-password-again"]').fill('admin-password-2');
    await p.locator('[data-test="change-password"]').click();
    await p.locator('.el-message--success', { hasText: '密码已修改' }).waitFor();
    await screenshot(p, 'lists-account');
    // This browser stays signed in; the old password is refused, the new one accepted.
    await p.locator('[data-nav="audit"]').click();
    await waitForText(p, '[data-test="audit-table"]', '修改了自己的密码');
    await w.t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'admin-password-1' })
      .expect(401);
    await w.t.login('admin', 'admin-password-2');
    expect(errors).toEqual([]);
  });
});
