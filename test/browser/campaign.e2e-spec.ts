import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { TEST_ADMIN } from '../support/test-app';
import {
  chinaLocal,
  describeWithBrowser,
  confirmBox,
  newContext,
  promptBox,
  screenshot,
  staffLogin,
  startWorld,
  trackErrors,
  waitForCount,
  waitForEnabled,
  waitForExactText,
  waitForMatch,
  waitForText,
  watchAppearance,
  type BrowserWorld,
} from './support';

/**
 * A whole campaign through the browser, on one server and one Chromium, as the people who use choukao run it:
 * the administrator sets up a proctor account, imports a roster, freezes it, draws, checks the blueprint, sets
 * up a sitting, prints admission tickets and assembles papers; the proctor admits a candidate, who answers with
 * the keyboard, is warned, reloads, loses the network and submits; another, moved to a short make-up sitting,
 * runs out of time and is submitted at the deadline; the administrator grades and publishes; the public reads
 * the notice, looks up a score and files an objection; once the notice period is over the administrator
 * finalises, and anyone verifies the draw in the browser.
 */
describeWithBrowser('browser: a campaign from roster to published results', () => {
  let w: BrowserWorld;
  let adminCtx: BrowserContext;
  let admin: Page;
  const errors: Record<string, string[]> = {};
  let campaignId = 0;
  let sittingId = 0;
  let accessCode = '';
  const dir = mkdtempSync(join(tmpdir(), 'choukao-browser-'));
  const roster = generateFictionalRoster({ agencies: 3, perAgency: [2, 4], seed: 2026 });

  interface Placed {
    id: number;
    technicianId: number;
    ticketNumber: string;
    name: string;
  }
  let me: Placed & { idNumber: string };

  let adminToken = '';
  /** The receipt code the public objection was given. */
  let receiptCode = '';
  /** The API as the administrator, for what a step only needs to look up or what is not its subject. */
  async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    adminToken ||= await w.t.login();
    const res = await fetch(`${w.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token ?? adminToken}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${text}`);
    }
    return (text ? JSON.parse(text) : null) as T;
  }

  async function page(name: string, ctx: BrowserContext): Promise<Page> {
    const p = await ctx.newPage();
    errors[name] = trackErrors(p);
    return p;
  }

  beforeAll(async () => {
    w = await startWorld('browser_campaign', { QBANK_IMPORT_ON_START: 'true', PROCTOR_VIEW_FLUSH_MS: '100' });
    adminCtx = await newContext(w);
    admin = await page('admin', adminCtx);
  }, 180_000);
  afterAll(() => w?.close());

  describe('accounts', () => {
    it('refuses a wrong password with the server’s message, then signs the administrator in', async () => {
      await admin.goto('/login');
      await admin.locator('input[name="username"]').fill(TEST_ADMIN.username);
      await admin.locator('input[name="password"]').fill('wrong-password');
      // Enter in the password field sends exactly one sign-in (it used to send two: a locked-out office).
      const signIns: string[] = [];
      const count = (r: { url: () => string; method: () => string }) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/auth/login')) {
          signIns.push(r.url());
        }
      };
      admin.on('request', count);
      await admin.locator('input[name="password"]').press('Enter');
      await waitForText(admin, '[data-test="login-error"]', '用户名或密码错误');
      await admin.waitForTimeout(500);
      admin.off('request', count);
      expect(signIns).toHaveLength(1);
      await screenshot(admin, 'staff-login');
      await staffLogin(admin, TEST_ADMIN.username, TEST_ADMIN.password);
      await waitForText(admin, '[data-test="current-user"]', '系统管理员（管理员）');
    });

    it('edits a question with the candidate’s view alongside', async () => {
      await admin.locator('[data-nav="questions"]').click();
      await admin.locator('[data-test="item-search"]').fill('主要负责人');
      await admin.locator('[data-test="item-search"]').press('Enter');
      await admin.locator('[data-test="items-table"] .el-table__row').first().waitFor();
      await admin.locator('[data-test="new-item"]').click();
      await admin.locator('[name="item-stem"]').fill('生产经营单位的主要负责人是本单位安全生产（　）。');
      await admin.locator('[name="item-option-A"]').fill('第一责任人');
      await waitForText(
        admin,
        '[data-test="item-preview"]',
        '生产经营单位的主要负责人是本单位安全生产（　）。',
      );
      await waitForText(admin, '[data-test="item-preview"]', '第一责任人');
      await screenshot(admin, 'admin-question-editor');
      await admin.locator('.el-dialog__headerbtn').click();
    });

    it('creates a proctor account, and the audit chain verifies', async () => {
      await admin.locator('[data-nav="users"]').click();
      await admin.locator('[data-test="new-user"]').click();
      await admin.locator('input[name="new-username"]').fill('proctor7');
      await admin.locator('input[name="new-displayname"]').fill('王监考');
      await admin.locator('input[name="new-password"]').fill('proctor-pass-7');
      await admin.locator('[data-test="create-user"]').click();
      await admin.locator('[data-test="users-table"]').getByText('王监考').waitFor();
      await screenshot(admin, 'admin-users');

      await admin.locator('[data-nav="audit"]').click();
      await admin.locator('[data-test="audit-table"]').getByText('新建账号').waitFor();
      await admin.locator('[data-test="audit-verify"]').click();
      await waitForText(admin, '[data-test="audit-verdict"]', '哈希链完整');
      await screenshot(admin, 'admin-audit');
    });
  });

  describe('the administrator runs the campaign to papers', () => {
    it('imports the roster spreadsheet', async () => {
      const file = join(dir, '技术人员名册.xlsx');
      writeFileSync(
        file,
        await buildRosterWorkbook(
          { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) },
          roster,
        ),
      );
      await admin.locator('[data-nav="roster"]').click();
      await admin.getByRole('tab', { name: '导入名册' }).click();
      await admin.locator('[data-test="roster-file"]').setInputFiles(file);
      await waitForText(admin, '[data-test="import-result"]', `新增 ${roster.technicians.length}`);
      await admin.getByRole('tab', { name: '机构' }).click();
      await admin.locator('[data-test="agencies-table"]').getByText(roster.agencies[0].name).waitFor();
      await screenshot(admin, 'admin-roster');
    });

    it('creates a campaign, freezes the roster and draws with public entropy', async () => {
      await admin.locator('[data-nav="campaigns"]').click();
      await admin.locator('[data-test="new-campaign"]').click();
      await admin.locator('input[name="campaign-name"]').fill('2026年度分类等级评定（浏览器测试）');
      await admin.locator('[data-test="create-campaign"]').click();
      await admin.waitForURL(/\/staff\/campaigns\/\d+\/freeze$/);
      campaignId = Number(/campaigns\/(\d+)/.exec(admin.url())![1]);

      await admin.locator('[data-test="freeze"]').click();
      await confirmBox(admin);
      await admin.waitForURL(/\/draw$/);
      await admin.locator('[data-test="entropy"]').fill('见证人摇号 07 15 23 31 42（浏览器测试）');
      await admin.locator('[data-test="run-draw"]').click();
      await confirmBox(admin);
      await admin.locator('[data-test="seed"]').waitFor();
      await waitForExactText(
        admin,
        '[data-test="entropy-recorded"]',
        '见证人摇号 07 15 23 31 42（浏览器测试）',
      );
      await waitForCount(
        admin,
        '[data-test="figures-table"] .el-table__body tr.el-table__row',
        roster.agencies.length,
      );
      // k = ceil(N / 2) for every agency, as the table shows.
      const figures = await api<Array<{ n: number; k: number; drawn: number }>>(
        'GET',
        `/api/campaigns/${campaignId}/figures`,
      );
      expect(figures.every((f) => f.k === Math.ceil(f.n / 2) && f.drawn === f.k)).toBe(true);
      await screenshot(admin, 'admin-draw');
    });

    it('checks the default blueprint against the bank and saves it', async () => {
      await admin.locator('[data-step="blueprints"]').click();
      await admin.locator('[data-test="check-blueprint"]').click();
      await waitForText(admin, '[data-test="capacity-report"]', '全部满足');
      // Each discipline's readiness: disciplines whose section can only come from shared laws are warned about.
      const check = await api<{
        reports: Array<{ discipline: string; readiness: { warning: string | null } }>;
      }>('POST', `/api/campaigns/${campaignId}/blueprints/default/check`, {});
      const warned = check.reports.filter((r) => r.readiness.warning);
      // The shipped bank has no approved items specific to the 工贸 disciplines yet (their items are drafts).
      expect(warned.length).toBeGreaterThan(0);
      await waitForText(admin, '[data-test="readiness"]', '各专业题目就绪情况');
      expect(await admin.locator('[data-test="readiness-warning"]').count()).toBe(warned.length);
      for (const r of warned) {
        await waitForText(admin, '[data-test="readiness"]', r.readiness.warning!);
      }
      await screenshot(admin, 'admin-blueprint-readiness');
      await admin.locator('[data-test="save-blueprint"]').click();
      await admin.getByText('蓝图已保存').waitFor();
      await screenshot(admin, 'admin-blueprint');
    });

    it('sets up an open sitting with its proctor and every drawn technician, and prints tickets', async () => {
      await admin.locator('[data-step="sittings"]').click();
      await admin.locator('[data-test="new-sitting"]').click();
      await admin.locator('input[name="sitting-name"]').fill('第一场（浏览器测试）');
      await admin.locator('input[name="sitting-start"]').fill(chinaLocal(-5));
      await admin.locator('input[name="sitting-end"]').fill(chinaLocal(180));
      await admin.locator('[data-test="sitting-proctors"]').click();
      await admin.locator('.el-select-dropdown__item', { hasText: '王监考（proctor7）' }).click();
      await admin.locator('.el-dialog__title', { hasText: '新建场次' }).click(); // closes the drop-down
      await admin.locator('[data-test="create-sitting"]').click();
      await admin.locator('[data-test="assign"]').click();
      const drawn = await api<unknown[]>('GET', `/api/campaigns/${campaignId}/sample`);
      await waitForCount(admin, '[data-test="sitting-candidates"] .el-table__body tr', drawn.length);
      await waitForText(admin, '[data-test="sittings-card"]', '监考：王监考');
      await screenshot(admin, 'admin-sittings');
      sittingId = (await api<Array<{ id: number }>>('GET', `/api/sittings?campaignId=${campaignId}`))[0].id;

      const tickets = await adminCtx.newPage();
      await tickets.goto(`/tickets/${sittingId}`);
      await tickets.frameLocator('[data-test="tickets-frame"]').getByText('准考证').first().waitFor();
      await screenshot(tickets, 'admin-tickets');
      await tickets.close();
    });

    it('has one paper per candidate, and shows the fairness report', async () => {
      await admin.locator('[data-step="papers"]').click();
      await admin.locator('[data-test="assemble"]').click();
      const drawn = await api<unknown[]>('GET', `/api/campaigns/${campaignId}/sample`);
      // Placing the candidates already assembled their papers; assembling again adds none.
      await waitForText(admin, '[data-test="assemble-result"]', `抽考名单 ${drawn.length} 人`, 30_000);
      await waitForText(admin, '[data-test="fairness"]', `试卷总数${drawn.length}`);
      await waitForCount(admin, '[data-test="papers-table"] .el-table__body tr', drawn.length);
      await screenshot(admin, 'admin-papers');
    });
  });

  describe('the exam room', () => {
    let proctorCtx: BrowserContext;
    let proctor: Page;
    let candCtx: BrowserContext;
    let cand: Page;
    const card = () => `[data-candidate="${me.ticketNumber}"]`;

    beforeAll(async () => {
      const placed = await api<Placed[]>('GET', `/api/sittings/${sittingId}/candidates`);
      const { idNumber } = await api<{ idNumber: string }>(
        'GET',
        `/api/technicians/${placed[0].technicianId}`,
      );
      me = { ...placed[0], idNumber };
      proctorCtx = await newContext(w);
      proctor = await page('proctor', proctorCtx);
      candCtx = await newContext(w);
      cand = await page('candidate', candCtx);
    });

    it('the proctor opens the live console and reveals the access code', async () => {
      await staffLogin(proctor, 'proctor7', 'proctor-pass-7');
      await proctor.waitForURL('**/staff/sittings');
      // Only the proctor's pages are in the menu.
      expect(await proctor.locator('[data-nav="users"]').count()).toBe(0);
      await proctor.locator(`[data-test="console-${sittingId}"]`).click();
      await proctor.waitForSelector(`${card()}[data-state="not-logged-in"]`);
      await waitForText(proctor, '[data-test="console-live"]', '实时连接');
      await proctor.locator('[data-test="reveal-code"]').click();
      await proctor.locator('[data-test="access-code"]').waitFor();
      accessCode = (await proctor.locator('[data-test="access-code"]').textContent())!.trim();
      expect(accessCode).toMatch(/^\d{6}$/);
      // For a room of 40: the code full screen on the projector.
      await proctor.locator('[data-test="project-code"]').click();
      await waitForText(proctor, '[data-test="projector"]', accessCode);
      const box = await proctor.locator('.projector-code').boundingBox();
      expect(box!.height).toBeGreaterThan(100);
      await screenshot(proctor, 'proctor-projector');
      await proctor.locator('[data-test="projector"]').click();
      await proctor.locator('[data-test="projector"]').waitFor({ state: 'detached' });
      await proctor.keyboard.press('Escape');
    });

    it('the candidate signs in and waits until the proctor admits them', async () => {
      await cand.goto('/exam/login');
      await cand.locator('input[name="ticketNumber"]').fill(me.ticketNumber);
      await cand.locator('input[name="idNumber"]').fill(me.idNumber);
      await cand.locator('input[name="accessCode"]').fill(accessCode === '000000' ? '111111' : '000000');
      await cand.locator('[data-test="candidate-login"]').click();
      await cand.locator('[data-test="candidate-login-error"]').waitFor();
      await cand.locator('input[name="accessCode"]').fill(accessCode);
      await cand.locator('[data-test="candidate-login"]').click();
      await cand.waitForURL('**/exam/waiting');
      await waitForText(cand, '[data-test="waiting-status"]', '请等待监考员');
      expect(await cand.locator('[data-test="start-exam"]').isDisabled()).toBe(true);
      await screenshot(cand, 'candidate-waiting');

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
      // 120 minutes on the server's clock.
      expect(await cand.locator('[data-test="countdown"]').textContent()).toMatch(/(1:59:\d\d|2:00:00)/);
    });

    it('answers with the keyboard; the proctor sees the progress and warns, and the warning shows at once', async () => {
      // The paper opens with the 判断 section: A is 正确, B is 错误; → moves on.
      for (const [i, k] of ['a', 'b', 'a', 'b', 'a', 'b'].entries()) {
        await cand.keyboard.press(k);
        await cand.waitForSelector(`[data-nav-question="${i + 1}"][data-status="answered"]`);
        await cand.keyboard.press('ArrowRight');
      }
      await waitForText(cand, '[data-test="save-state"]', '已保存');
      expect(await cand.locator('[data-test="answered-count"]').textContent()).toBe('6');
      await cand.keyboard.press('ArrowLeft');
      await cand.locator('[data-test="flag"]').click();
      await cand.waitForSelector('[data-nav-question="6"][data-status="flagged"]');
      await screenshot(cand, 'candidate-exam');

      await waitForText(proctor, card(), '6/85');
      await proctor.locator('[data-test="act-warn"]').click();
      await promptBox(proctor, '请勿左顾右盼，保持安静。');
      await promptBox(proctor, '考生张望');
      await waitForText(cand, '[data-test="warning-text"]', '请勿左顾右盼，保持安静。');
      await screenshot(cand, 'candidate-warning');
      await cand.locator('[data-test="ack-warning"]').click();
      await waitForText(proctor, '[data-test="event-feed"]', '考生张望');
      await screenshot(proctor, 'proctor-console');

      // Ten more minutes: the candidate's countdown moves at once.
      await proctor.locator('[data-test="act-extend"]').click();
      await promptBox(proctor, '10');
      await promptBox(proctor, '网络故障耽误答题');
      await waitForMatch(cand, '[data-test="countdown"] .num', /^2:0\d:\d\d$/);
      // …and the candidate is told, not left to notice the timer jump.
      await waitForText(cand, '[data-test="warning-text"]', '监考员已为您延长考试时间 10 分钟');
      await screenshot(cand, 'candidate-extension');
      await cand.locator('[data-test="ack-warning"]').click();
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
      await cand.locator('[data-nav-question="2"]').click();
      expect(await cand.locator('[data-option][aria-selected="true"]').textContent()).toContain('错误');
    });

    it('keeps answers in the browser while offline and sends them when the network is back', async () => {
      await cand.locator('[data-nav-question="7"]').click();
      await candCtx.setOffline(true);
      await waitForText(cand, '[data-test="save-state"]', '离线');
      await cand.keyboard.press('a');
      await cand.keyboard.press('ArrowRight');
      await cand.keyboard.press('b');
      await waitForText(cand, '[data-test="save-state"]', '离线，已暂存 2 题');
      await screenshot(cand, 'candidate-offline');
      await candCtx.setOffline(false);
      await waitForText(cand, '[data-test="save-state"]', '已保存', 20_000);
      const rows: Array<{ n: number | string }> = await w.t.ds.query(
        'SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.sitting_candidate_id = ?',
        [me.id],
      );
      expect(Number(rows[0].n)).toBe(8);
      await waitForText(proctor, card(), '断网 1');
    });

    it('submits with the count of unanswered questions, and the proctor sees it', async () => {
      await cand.locator('[data-test="open-submit"]').click();
      await waitForText(cand, '[data-test="unanswered-count"]', '还有 77 题未作答');
      await cand.locator('[data-test="confirm-submit"]').click();
      await cand.waitForURL('**/exam/finished');
      await waitForText(cand, '[data-test="finished"]', '答卷已提交');
      await screenshot(cand, 'candidate-finished');
      await proctor.waitForSelector(`${card()}[data-state="submitted"]`);
    });

    it('a candidate whose time runs out with the page open sees it, is submitted at the deadline and keeps the answer', async () => {
      // One drawn technician moves to a short make-up sitting: 10 seconds of answering time, the shortest that
      // leaves room to answer; the deadline counts from the start, on the server's clock.
      const moved = (await api<Placed[]>('GET', `/api/sittings/${sittingId}/candidates`)).find(
        (c) => c.id !== me.id,
      )!;
      await api('DELETE', `/api/sittings/${sittingId}/candidates/${moved.id}`);
      const sitting = await api<{ id: number }>('POST', '/api/sittings', {
        campaignId,
        name: '补考场（限时，浏览器测试）',
        mode: 'room',
        location: '市应急管理局 302 室',
        windowStart: new Date(Date.now() - 60_000).toISOString(),
        windowEnd: new Date(Date.now() + 30 * 60_000).toISOString(),
        durationSeconds: 10,
        lateEntrySeconds: 1800,
        capacity: 1,
      });
      const [late] = (
        await api<{ candidates: Placed[] }>('POST', `/api/sittings/${sitting.id}/candidates`, {
          technicianIds: [moved.technicianId],
        })
      ).candidates;
      const { accessCode: code } = await api<{ accessCode: string }>(
        'POST',
        `/api/sittings/${sitting.id}/access-code/reveal`,
      );
      const { idNumber } = await api<{ idNumber: string }>('GET', `/api/technicians/${late.technicianId}`);

      const ctx = await newContext(w);
      const p = await page('deadline', ctx);
      await p.goto('/exam/login');
      await p.locator('input[name="ticketNumber"]').fill(late.ticketNumber);
      await p.locator('input[name="idNumber"]').fill(idNumber);
      await p.locator('input[name="accessCode"]').fill(code);
      await p.locator('[data-test="candidate-login"]').click();
      await p.waitForURL('**/exam/waiting');
      await api('POST', `/api/sittings/${sitting.id}/candidates/${late.id}/actions`, {
        action: 'admit',
        reason: '已核验身份',
      });
      await waitForEnabled(p, '[data-test="start-exam"]');
      await p.locator('[data-test="start-exam"]').click();
      await p.waitForURL('**/exam/paper');
      await p.locator('[data-test="skip-fullscreen"]').click();
      const timeUp = await watchAppearance(p, '[data-test="time-up"]', ['[data-test="countdown"] .num']);
      await p.keyboard.press('a'); // 正确
      await p.waitForSelector('[data-nav-question="1"][data-status="answered"]');
      await waitForText(p, '[data-test="save-state"]', '已保存');
      expect(await p.locator('[data-test="countdown"] .num').textContent()).toMatch(/^00:(10|0\d)$/);
      expect(await timeUp()).toBeNull();

      // Nothing more is done in the browser: the page shows the time is up, the server submits by itself.
      await p.waitForURL('**/exam/finished', { timeout: 30_000 });
      expect(await timeUp()).toEqual({
        '[data-test="time-up"]': expect.stringContaining('作答时间已到') as unknown,
        '[data-test="countdown"] .num': '00:00',
      });
      await waitForText(p, '[data-test="finished"]', '作答时间到，系统自动交卷');
      await screenshot(p, 'candidate-deadline-finished');

      const [attempt]: Array<{ id: number; status: string; submit_reason: string }> = await w.t.ds.query(
        'SELECT id, status, submit_reason FROM attempts WHERE sitting_candidate_id = ?',
        [late.id],
      );
      expect(attempt).toMatchObject({ status: 'submitted', submit_reason: 'deadline' });
      const answers: Array<{ response: string }> = await w.t.ds.query(
        'SELECT response FROM answers WHERE attempt_id = ?',
        [attempt.id],
      );
      expect(answers.map((a) => JSON.parse(a.response) as unknown)).toEqual([true]);
      const [state] = await api<Array<{ state: string }>>('GET', `/api/sittings/${sitting.id}/candidates`);
      expect(state.state).toBe('submitted');
      await ctx.close();
    });

    it('the other candidates sit the exam too (through the API)', async () => {
      const placed = await api<Placed[]>('GET', `/api/sittings/${sittingId}/candidates`);
      for (const c of placed.filter((x) => x.id !== me.id)) {
        const { idNumber } = await api<{ idNumber: string }>('GET', `/api/technicians/${c.technicianId}`);
        const login = await api<{ accessToken: string }>('POST', '/api/exam/login', {
          ticketNumber: c.ticketNumber,
          idNumber,
          accessCode,
        });
        await api('POST', `/api/sittings/${sittingId}/candidates/${c.id}/actions`, {
          action: 'admit',
          reason: '已核验身份',
        });
        const state = await api<{ paper: { sections: Array<{ questions: Array<{ questionId: number }> }> } }>(
          'POST',
          '/api/exam/start',
          {},
          login.accessToken,
        );
        const first = state.paper.sections[0].questions;
        for (const [i, q] of first.slice(0, 10).entries()) {
          await api(
            'PUT',
            '/api/exam/answers',
            { questionId: q.questionId, response: i % 2 === 0, revision: 1 },
            login.accessToken,
          );
        }
        await api('POST', '/api/exam/submit', {}, login.accessToken);
      }
      await waitForText(proctor, '[data-test="console-summary"]', `已交卷 ${placed.length}`);
      await proctorCtx.close();
      await candCtx.close();
    });
  });

  describe('results', () => {
    it('the administrator grades, sees the distribution and the agencies’ components, and publishes', async () => {
      await admin.locator('[data-step="results"]').click();
      await admin.locator('[data-test="grade"]').click();
      await admin.locator('[data-test="grade-result"]').waitFor({ timeout: 30_000 });
      const drawn = await api<unknown[]>('GET', `/api/campaigns/${campaignId}/sample`);
      await waitForText(admin, '.page', `已评分 ${drawn.length} 人`);
      await admin.locator('[data-test="histogram"] canvas').waitFor();
      await screenshot(admin, 'admin-results');
      await admin.getByRole('tab', { name: '机构得分' }).click();
      await waitForCount(admin, '[data-test="results-agencies"] .el-table__body tr', roster.agencies.length);

      await admin.locator('[data-step="publish"]').click();
      await admin.locator('[data-test="publish"]').click();
      await confirmBox(admin);
      await waitForText(admin, '[data-test="publication"]', '公示中');
      await screenshot(admin, 'admin-publication');
    });

    it('the public reads the notice with masked names, looks up a score and files an objection', async () => {
      const ctx = await newContext(w);
      const p = await page('public', ctx);
      await p.goto('/');
      await p
        .locator('[data-test="published-result"]')
        .getByText('2026年度分类等级评定（浏览器测试）')
        .click();
      await p.waitForURL(`**/results/${campaignId}`);
      await waitForCount(p, '[data-test="public-agencies"] .el-table__body tr', roster.agencies.length);
      expect(await p.locator('[data-test="notice"]').textContent()).toContain('（7 个工作日）');
      await screenshot(p, 'public-notice');
      await p.getByText('考生成绩').click();
      await p.locator('[data-test="public-candidates"] .el-table__body tr').first().waitFor();
      const table = (await p.locator('[data-test="public-candidates"]').textContent())!;
      // Masked names only: no whole name, no ID number.
      for (const t of roster.technicians) {
        expect(table).not.toContain(t.idNumber);
      }
      expect(table).not.toContain(me.name);
      expect(table).toContain(`${me.name[0]}*`);

      await p.locator('[name="objection-name"]').fill('李四');
      await p.locator('[name="objection-contact"]').fill('13800000000');
      await p.locator('[name="objection-content"]').fill('序号 1 的成绩与本人核对的答题情况不符，请复核。');
      await p.locator('[data-test="submit-objection"]').click();
      await waitForText(p, '[data-test="objection-sent"]', '异议已受理');
      receiptCode = (await p.locator('[data-test="receipt-code"]').textContent())!.trim();
      expect(receiptCode).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);

      await p.goto(`/lookup?campaign=${campaignId}`);
      await p.locator('[name="lookup-name"]').fill(me.name);
      await p.locator('[name="lookup-id"]').fill(me.idNumber);
      await p.locator('[data-test="lookup"]').click();
      await p.locator('[data-test="lookup-result"]').waitFor();
      expect(await p.locator('[data-test="lookup-score"]').textContent()).toMatch(/^\d+\.\d\d$/);
      await screenshot(p, 'public-lookup');
      // A wrong ID number gets the same answer as an unknown person.
      await p.locator('[name="lookup-id"]').fill('110105194912310021');
      await p.locator('[data-test="lookup"]').click();
      await p.locator('[data-test="lookup-error"]').waitFor();
      await ctx.close();
    });

    it('the administrator answers the objection', async () => {
      await admin.locator('[data-step="objections"]').click();
      await waitForText(admin, '[data-test="objections-table"]', '待答复');
      await admin.locator('[data-test="answer-objection"]').first().click();
      await admin.locator('[name="objection-answer"]').fill('经复核，成绩无误。');
      // No verdict is preselected: sending without one is refused with a reason, nothing is stored.
      await admin.locator('[data-test="send-answer"]').click();
      await admin.getByText('请选择处理结论').waitFor();
      await admin.locator('[data-test="outcome-rejected"]').click();
      await admin.locator('[data-test="send-answer"]').click();
      await waitForText(admin, '[data-test="objections-table"]', '经复核，成绩无误。');
      await screenshot(admin, 'admin-objections');

      // The filer reads the verdict and the answer on the notice page with the receipt code.
      const ctx = await newContext(w);
      const p = await page('objector', ctx);
      await p.goto(`/results/${campaignId}`);
      await p.locator('[name="receipt-code"]').fill(receiptCode);
      await p.locator('[data-test="check-receipt"]').click();
      await waitForText(p, '[data-test="objection-status"]', '经复核，成绩无误。');
      await waitForText(p, '[data-test="objection-status"]', '异议不成立');
      await screenshot(p, 'public-objection-answer');
      await ctx.close();
    });

    it('finalises only after the notice period: then the administrator confirms and the notice reads final', async () => {
      await admin.locator('[data-step="finalise"]').click();
      await waitForText(admin, '[data-test="finalise-state"]', '公示中');
      await waitForText(admin, '.step-body', '后方可确认');
      expect(await admin.locator('[data-test="finalise"]').isDisabled()).toBe(true);
      // The server refuses too, whatever a page offers.
      const early = await fetch(`${w.base}/api/publication/campaigns/${campaignId}/finalise`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(early.status).toBe(409);
      expect(await early.text()).toContain('期满后方可确定结果');

      // Seven working days pass: the whole period moves back so that it ended yesterday (China time).
      const [pub]: Array<{ notice_start: string; notice_end: string; published_on: string }> =
        await w.t.ds.query(
          'SELECT notice_start, notice_end, published_on FROM publications WHERE campaign_id = ?',
          [campaignId],
        );
      const day = 24 * 3600_000;
      const yesterday = new Date(Date.now() + 8 * 3600_000 - day).toISOString().slice(0, 10);
      const shift = Date.parse(pub.notice_end) - Date.parse(yesterday);
      const back = (d: string): string => new Date(Date.parse(d) - shift).toISOString().slice(0, 10);
      await w.t.ds.query(
        'UPDATE publications SET published_on = ?, notice_start = ?, notice_end = ? WHERE campaign_id = ?',
        [back(pub.published_on), back(pub.notice_start), yesterday, campaignId],
      );

      await admin.locator('[data-step="objections"]').click();
      await admin.locator('[data-step="finalise"]').click();
      await waitForText(admin, '[data-test="finalise-state"]', '公示期已满，待确认');
      await waitForEnabled(admin, '[data-test="finalise"]');
      await admin.locator('[data-test="finalise"]').click();
      await confirmBox(admin);
      await admin.locator('.el-message--success', { hasText: '结果已确定，得分已锁定' }).waitFor();
      await waitForText(admin, '[data-test="finalise-state"]', '结果已确定');
      expect(await admin.locator('[data-test="finalise"]').isDisabled()).toBe(true);
      await screenshot(admin, 'admin-finalised');

      const ctx = await newContext(w);
      const p = await page('public-final', ctx);
      await p.goto('/');
      await waitForText(p, '[data-test="published-result"]', '结果已确定');
      await p.goto(`/results/${campaignId}`);
      await waitForText(p, '[data-test="notice"]', '结果已确定');
      await waitForText(p, '[data-test="objection-card"]', '结果已确定，公示期已结束，不再受理异议。');
      expect(await p.locator('[data-test="submit-objection"]').count()).toBe(0);
      await waitForCount(p, '[data-test="public-agencies"] .el-table__body tr', roster.agencies.length);
      await screenshot(p, 'public-notice-final');
      await ctx.close();
    });

    it('anyone verifies the draw in the browser, and an edited record fails', async () => {
      const ctx = await newContext(w);
      const p = await page('verify', ctx);
      await p.goto(`/draw/${campaignId}`);
      await p.locator('[data-test="verify-draw"]').click();
      await waitForText(p, '[data-test="verify-result"]', '验证通过（OK）');
      await screenshot(p, 'public-draw-verified');

      const res = await fetch(`${w.base}/api/public/campaigns/${campaignId}/draw-record`);
      const record = (await res.json()) as { agencies: Array<{ drawn: string[]; substitutes: string[] }> };
      const a = record.agencies.find((x) => x.substitutes.length > 0)!;
      [a.drawn[0], a.substitutes[0]] = [a.substitutes[0], a.drawn[0]];
      const edited = join(dir, 'edited.json');
      writeFileSync(edited, JSON.stringify(record));
      await p.locator('input[type="file"]').setInputFiles(edited);
      await waitForText(p, '[data-test="verify-result"]', '验证未通过');
      expect(await p.locator('[data-test="verify-result"]').textContent()).toContain('抽中名单');
      await ctx.close();
    });

    it('ran without a script error on any page', () => {
      expect(errors).toEqual(Object.fromEntries(Object.keys(errors).map((k) => [k, []])));
    });
  });
});
