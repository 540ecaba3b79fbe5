import type { BrowserContext, Page } from 'playwright-core';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { api, createProctor, seedSitting, type SeededSitting } from '../support/socket-helpers';
import {
  describeWithBrowser,
  newContext,
  promptBox,
  screenshot,
  staffLogin,
  startWorld,
  trackErrors,
  waitForExactText,
  waitForText,
  type BrowserWorld,
} from './support';

const PHONE = { width: 390, height: 844 };

/**
 * In the exam room (exam-morning issue, item 11), on the console at 1366×768 and the candidate's pages at
 * 1366×768 and on a 390×844 phone: a reload returns to the question and is no screen switch, the console shows
 * 连接中断 and back, the proctor checks the full ID number, and a sign-in on a second device waits for 准许再次入场
 * while the first goes on, which is then told it was replaced.
 */
describeWithBrowser('browser: in the exam room', () => {
  let w: BrowserWorld;
  let admin: string;
  let s: SeededSitting;
  let proctorId: number;
  const contexts: BrowserContext[] = [];
  const errors: Record<string, string[]> = {};
  let proctor: Page;
  let candCtx: BrowserContext;
  let cand: Page;
  const me = () => s.candidates[0];
  const card = () => `[data-candidate="${me().ticketNumber}"]`;

  async function page(name: string, viewport?: { width: number; height: number }): Promise<Page> {
    const ctx = await newContext(w);
    contexts.push(ctx);
    const p = await ctx.newPage();
    if (viewport) {
      await p.setViewportSize(viewport);
    }
    errors[name] = trackErrors(p);
    return p;
  }

  async function signIn(p: Page): Promise<void> {
    await p.goto('/exam/login');
    await p.locator('input[name="ticketNumber"]').fill(me().ticketNumber);
    await p.locator('input[name="idNumber"]').fill(simpleIdNumber(me().technicianId));
    await p.locator('input[name="accessCode"]').fill(s.accessCode);
    await p.locator('[data-test="candidate-login"]').click();
    await p.waitForURL('**/exam/waiting');
  }

  const focusLosses = async (): Promise<string[]> => {
    const rows = await w.t.ds.query<Array<{ kind: string }>>(
      `SELECT kind FROM proctoring_events WHERE sitting_candidate_id = ? AND kind IN ('blur', 'visibility-hidden')`,
      [me().id],
    );
    return rows.map((r) => r.kind);
  };

  beforeAll(async () => {
    w = await startWorld('exam_room_browser', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '9',
      PROCTOR_VIEW_FLUSH_MS: '100',
    });
    admin = await w.t.login();
    const p = await createProctor(w.base, admin, 'proctor11');
    proctorId = p.id;
    s = await seedSitting(w.base, admin, { campaignId: 1, durationSeconds: 3600, proctorIds: [p.id] });
    proctor = await page('proctor');
    candCtx = await newContext(w);
    contexts.push(candCtx);
    cand = await candCtx.newPage();
    errors.candidate = trackErrors(cand);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) {
      await c.close();
    }
    await w?.close();
  });

  it('the proctor watches the sitting; the candidate signs in, is admitted and answers', async () => {
    await staffLogin(proctor, 'proctor11', 'proctor-pass-1');
    await proctor.waitForURL('**/staff/sittings');
    await proctor.goto(`/staff/sittings/${s.sittingId}/console`);
    await waitForText(proctor, '[data-test="console-live"]', '实时连接');
    await signIn(cand);
    await proctor.waitForSelector(`${card()}[data-state="waiting"]`);
    await api(
      w.base,
      'POST',
      `/api/sittings/${s.sittingId}/candidates/${me().id}/actions`,
      { action: 'admit', reason: '已核对身份证原件' },
      admin,
    );
    await cand.locator('[data-test="start-exam"]:not([disabled])').click();
    await cand.waitForURL('**/exam/paper');
    await cand.locator('[data-test="skip-fullscreen"]').click();
    await cand.keyboard.press('a');
    await cand.waitForSelector('[data-nav-question="1"][data-status="answered"]');
    await cand.keyboard.press('ArrowRight');
    await cand.keyboard.press('ArrowRight');
    await cand.waitForSelector('[data-nav-question="3"].current');
    await waitForText(cand, '[data-test="save-state"]', '已保存');
    await proctor.waitForSelector(`${card()}[data-state="in-progress"]`);
    await waitForText(proctor, card(), '1/9');
  });

  it('a reload returns to the question the candidate was on and is not a screen switch; a real one still is', async () => {
    await cand.reload();
    await cand.locator('[data-test="skip-fullscreen"]').click();
    await cand.waitForSelector('[data-nav-question="3"].current');
    await waitForExactText(cand, '[data-test="answered-count"]', '1');
    await waitForText(proctor, `${card()} [data-test="candidate-state"]`, '答题中');
    // Give any report of the reload time to arrive before looking.
    await cand.waitForTimeout(1500);
    expect(await focusLosses()).toEqual([]);
    expect(await proctor.locator(`${card()} [data-badge="focus"]`).count()).toBe(0);

    // Leaving the paper for another window is reported and counted.
    await cand.evaluate("window.dispatchEvent(new Event('blur'))");
    await waitForText(proctor, `${card()} [data-badge="focus"]`, '切屏 1');
    expect(await focusLosses()).toEqual(['blur']);
  });

  it('the console shows 连接中断 with the time it dropped, and 答题中 once back', async () => {
    await candCtx.setOffline(true);
    await waitForText(cand, '[data-test="save-state"]', '离线');
    await waitForExactText(proctor, `${card()} [data-test="candidate-state"]`, '连接中断');
    await waitForText(proctor, `${card()} [data-test="disconnected-since"]`, '断开');
    expect(await proctor.locator(`${card()} [data-test="disconnected-since"]`).textContent()).toMatch(
      /\d{2}:\d{2}(:\d{2})? 断开/,
    );
    await screenshot(proctor, 'exam-room-console-disconnected');
    await candCtx.setOffline(false);
    await waitForExactText(proctor, `${card()} [data-test="candidate-state"]`, '答题中');
    expect(await proctor.locator(`${card()} [data-test="disconnected-since"]`).count()).toBe(0);
  });

  it('the proctor checks the full ID number; 无照片 where the roster has none; the view is audited', async () => {
    await proctor.locator(card()).click();
    await proctor.locator('[data-test="act-identity"]').click();
    await waitForExactText(proctor, '[data-test="identity-id-number"]', simpleIdNumber(me().technicianId));
    await waitForText(proctor, '[data-test="identity-photo"]', '无照片');
    await screenshot(proctor, 'exam-room-identity');
    await proctor.locator('[data-test="identity-dialog"] .el-dialog__headerbtn').click();
    await proctor.locator('[data-test="identity-id-number"]').waitFor({ state: 'hidden' });
    const views: Array<{ actor: string }> = await w.t.ds.query(
      `SELECT actor FROM audit_log WHERE action = 'personal-data.view' AND target = ?`,
      [`sitting-candidate:${me().id}`],
    );
    expect(views).toEqual([{ actor: `user:${proctorId}` }]);
  });

  it('a sign-in on a second device waits for 准许再次入场; then the first device is told it was replaced', async () => {
    const second = await page('second-device', PHONE);
    await signIn(second);
    await waitForText(second, '[data-test="waiting-status"]', '经监考员准许再次入场');
    expect(await second.locator('[data-test="waiting-status"]').getAttribute('data-relogin')).toBe('pending');
    expect(await second.locator('[data-test="start-exam"]').isDisabled()).toBe(true);
    expect(await second.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(second, 'exam-room-second-device-waiting-phone');
    // The first device goes on meanwhile.
    expect(cand.url()).toContain('/exam/paper');
    await cand.keyboard.press('b');
    await cand.waitForSelector('[data-nav-question="3"][data-status="answered"]');
    await waitForText(cand, '[data-test="save-state"]', '已保存');

    await proctor.waitForSelector(`${card()} [data-badge="relogin"]`);
    await proctor.locator('[data-test="relogin-request"]').waitFor();
    await screenshot(proctor, 'exam-room-relogin-request');
    await proctor.locator('[data-test="act-identity"]').click();
    await proctor.locator('[data-test="identity-admit-relogin"]').click();
    await promptBox(proctor, '已核对身份证原件，原电脑故障');

    await cand.waitForURL('**/exam/finished');
    await waitForText(cand, 'body', '另一台设备上继续作答');
    await screenshot(cand, 'exam-room-first-device-replaced');
    await second.waitForURL('**/exam/paper');
    await second.locator('[data-test="skip-fullscreen"]').click();
    await waitForExactText(second, '[data-test="answered-count"]', '2');
    expect(await second.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(second, 'exam-room-second-device-paper-phone');
    await proctor.locator(`${card()} [data-badge="relogin"]`).waitFor({ state: 'detached' });
    const audit: Array<{ actor: string }> = await w.t.ds.query(
      `SELECT actor FROM audit_log WHERE action = 'proctor.admit-relogin' AND target = ?`,
      [`sitting-candidate:${me().id}`],
    );
    expect(audit).toEqual([{ actor: `user:${proctorId}` }]);
    for (const [name, list] of Object.entries(errors)) {
      expect([name, list]).toEqual([name, []]);
    }
  });
});
