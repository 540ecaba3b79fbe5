import type { BrowserContext, Page } from 'playwright-core';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { createProctor, seedSitting, type SeededSitting } from '../support/socket-helpers';
import {
  newContext,
  promptBox,
  screenshot,
  staffLogin,
  startWorld,
  trackErrors,
  waitForEnabled,
  waitForExactText,
  waitForText,
  type BrowserWorld,
} from './support';

/**
 * The exam room in the browser: a proctor watches a sitting live and admits a candidate, who answers with the
 * keyboard, is warned, reloads mid-exam, loses the network and comes back, and submits. The sitting's sample
 * and papers are the sessions module's synthetic sources (12 questions: 4 判断, 4 单选, 4 多选), so that this
 * runs apart from the draw and the bank.
 */
describe('browser: the exam room', () => {
  let w: BrowserWorld;
  let sitting: SeededSitting;
  let proctorCtx: BrowserContext;
  let candCtx: BrowserContext;
  let proctor: Page;
  let cand: Page;
  let proctorErrors: string[];
  let candErrors: string[];
  const me = () => sitting.candidates[0];

  beforeAll(async () => {
    w = await startWorld('browser_exam', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '3',
      SESSIONS_SIMPLE_QUESTIONS: '12',
      PROCTOR_VIEW_FLUSH_MS: '50',
    });
    const admin = await w.t.login();
    const p = await createProctor(w.base, admin, 'proctor5');
    sitting = await seedSitting(w.base, admin, { campaignId: 1, durationSeconds: 3600, proctorIds: [p.id] });
    proctorCtx = await newContext(w);
    proctor = await proctorCtx.newPage();
    proctorErrors = trackErrors(proctor);
    candCtx = await newContext(w);
    cand = await candCtx.newPage();
    candErrors = trackErrors(cand);
  }, 120_000);
  afterAll(() => w?.close());

  const card = () => `[data-candidate="${me().ticketNumber}"]`;

  it('the proctor opens the live console and reveals the access code', async () => {
    await staffLogin(proctor, 'proctor5', 'proctor-pass-1');
    await proctor.goto('/staff/sittings');
    await proctor.locator(`[data-test="console-${sitting.sittingId}"]`).click();
    await proctor.waitForSelector(`${card()}[data-state="not-logged-in"]`);
    await waitForText(proctor, '[data-test="console-live"]', '实时连接');
    await proctor.locator('[data-test="reveal-code"]').click();
    await waitForExactText(proctor, '[data-test="access-code"]', sitting.accessCode);
    await proctor.keyboard.press('Escape');
  });

  it('the candidate signs in and waits until the proctor admits them', async () => {
    await cand.goto('/exam/login');
    await cand.locator('input[name="ticketNumber"]').fill(me().ticketNumber);
    await cand.locator('input[name="idNumber"]').fill(simpleIdNumber(me().technicianId));
    await cand.locator('input[name="accessCode"]').fill('000000');
    await cand.locator('[data-test="candidate-login"]').click();
    await cand.locator('[data-test="candidate-login-error"]').waitFor();
    await cand.locator('input[name="accessCode"]').fill(sitting.accessCode);
    await cand.locator('[data-test="candidate-login"]').click();
    await cand.waitForURL('**/exam/waiting');
    await waitForText(cand, '[data-test="waiting-status"]', '请等待监考员');
    expect(await cand.locator('[data-test="start-exam"]').isDisabled()).toBe(true);
    await screenshot(cand, 'candidate-waiting');

    // The proctor sees the login live and admits, with a reason.
    await proctor.waitForSelector(`${card()}[data-state="waiting"]`);
    await proctor.locator(card()).click();
    await proctor.locator('[data-test="act-admit"]').click();
    await promptBox(proctor, '已核对身份证原件');
    await proctor.waitForSelector(`${card()}[data-state="admitted"]`);

    await waitForEnabled(cand, '[data-test="start-exam"]');
    await cand.locator('[data-test="start-exam"]').click();
    await cand.waitForURL('**/exam/paper');
    await cand.locator('[data-test="skip-fullscreen"]').click();
    await cand.locator('[data-test="question-stem"]').waitFor();
    // 60 minutes on the server's clock.
    expect(await cand.locator('[data-test="countdown"]').textContent()).toMatch(/(59:\d\d|1:00:00)/);
  });

  it('answers with the keyboard, and the proctor sees the progress and warns at once', async () => {
    // A/B on the four judge questions, then A and B on two single-choice questions; → moves on.
    for (const [i, k] of ['a', 'b', 'a', 'b', 'a', 'b'].entries()) {
      await cand.keyboard.press(k);
      await cand.waitForSelector(`[data-nav-question="${i + 1}"][data-status="answered"]`);
      await cand.keyboard.press('ArrowRight');
    }
    await waitForText(cand, '[data-test="save-state"]', '已保存');
    expect(await cand.locator('[data-test="answered-count"]').textContent()).toBe('6');
    // ← goes back; the flag shows in the grid.
    await cand.keyboard.press('ArrowLeft');
    await cand.locator('[data-test="flag"]').click();
    await cand.waitForSelector('[data-nav-question="6"][data-status="flagged"]');
    await screenshot(cand, 'candidate-exam');

    await waitForText(proctor, card(), '6/12');
    await proctor.locator('[data-test="act-warn"]').click();
    await promptBox(proctor, '请勿左顾右盼，保持安静。');
    await promptBox(proctor, '考生张望');
    await waitForText(cand, '[data-test="warning-text"]', '请勿左顾右盼，保持安静。');
    await screenshot(cand, 'candidate-warning');
    await cand.locator('[data-test="ack-warning"]').click();
    await waitForText(proctor, '[data-test="event-feed"]', '考生张望');
    await screenshot(proctor, 'proctor-console');
  });

  it('finds every answer after a reload', async () => {
    await cand.reload();
    await cand.locator('[data-test="skip-fullscreen"]').click();
    await waitForExactText(cand, '[data-test="answered-count"]', '6');
    for (let q = 1; q <= 6; q++) {
      expect(await cand.locator(`[data-nav-question="${q}"]`).getAttribute('data-status')).toBe(
        q === 6 ? 'flagged' : 'answered',
      );
    }
    // Question 2 was answered B (错误) before the reload.
    await cand.locator('[data-nav-question="2"]').click();
    expect(await cand.locator('[data-option][aria-selected="true"]').textContent()).toContain('错误');
  });

  it('keeps answers in the browser while offline and sends them when the network is back', async () => {
    await cand.locator('[data-nav-question="7"]').click();
    await candCtx.setOffline(true);
    await waitForText(cand, '[data-test="save-state"]', '离线');
    await cand.keyboard.press('c');
    await cand.keyboard.press('ArrowRight');
    await cand.keyboard.press('d');
    await waitForText(cand, '[data-test="save-state"]', '离线，已暂存 2 题');
    await screenshot(cand, 'candidate-offline');
    await candCtx.setOffline(false);
    await waitForText(cand, '[data-test="save-state"]', '已保存', 20_000);
    const rows: Array<{ n: number | string }> = await w.t.ds.query(
      'SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.sitting_candidate_id = ?',
      [me().id],
    );
    expect(Number(rows[0].n)).toBe(8);
    // The proctor saw the network go and come back.
    await waitForText(proctor, card(), '断网 1');
  });

  it('submits with the count of unanswered questions, and the proctor sees it', async () => {
    await cand.locator('[data-test="open-submit"]').click();
    await waitForText(cand, '[data-test="unanswered-count"]', '还有 4 题未作答');
    await cand.locator('[data-test="confirm-submit"]').click();
    await cand.waitForURL('**/exam/finished');
    await waitForText(cand, '[data-test="finished"]', '答卷已提交');
    await screenshot(cand, 'candidate-finished');
    await proctor.waitForSelector(`${card()}[data-state="submitted"]`);
    expect(candErrors).toEqual([]);
    expect(proctorErrors).toEqual([]);
  });
});
