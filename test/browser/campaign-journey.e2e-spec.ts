import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { TEST_ADMIN } from '../support/test-app';
import {
  chinaLocal,
  confirmBox,
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
 * One small campaign through the browser, as an administrator runs it: import a roster, freeze it, draw,
 * check the blueprint against the bank, set up a sitting, print admission tickets and assemble papers; then
 * anyone verifies the draw in the browser. (The exam room itself: exam-room.e2e-spec.ts.)
 */
describe('browser: a campaign from roster to submitted papers', () => {
  let w: BrowserWorld;
  let admin: Page;
  let adminCtx: BrowserContext;
  let adminErrors: string[];
  let campaignId = 0;
  let sittingId = 0;
  const dir = mkdtempSync(join(tmpdir(), 'choukao-browser-'));
  const roster = generateFictionalRoster({ agencies: 3, perAgency: [2, 4], seed: 2026 });

  /** Calls the API as the administrator, for what the scenario only needs to look up. */
  async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await w.t.login();
    const res = await fetch(`${w.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    }
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    w = await startWorld('browser_journey', { QBANK_IMPORT_ON_START: 'true' });
    adminCtx = await newContext(w);
    admin = await adminCtx.newPage();
    adminErrors = trackErrors(admin);
    await staffLogin(admin, TEST_ADMIN.username, TEST_ADMIN.password);
  }, 180_000);
  afterAll(() => w?.close());

  it('imports the roster spreadsheet, listing what it created', async () => {
    const file = join(dir, '技术人员名册.xlsx');
    writeFileSync(
      file,
      await buildRosterWorkbook(
        { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) },
        roster,
      ),
    );
    await admin.goto('/staff/roster');
    await admin.getByRole('tab', { name: '导入名册' }).click();
    await admin.locator('[data-test="roster-file"]').setInputFiles(file);
    const result = admin.locator('[data-test="import-result"]');
    await result.waitFor();
    expect(await result.textContent()).toContain(`新增 ${roster.technicians.length}`);
    await admin.getByRole('tab', { name: '机构' }).click();
    await admin.locator('[data-test="agencies-table"]').getByText(roster.agencies[0].name).waitFor();
    await screenshot(admin, 'admin-roster');
  });

  it('creates a campaign, freezes the roster and draws with public entropy', async () => {
    await admin.goto('/staff/campaigns');
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
    expect(await admin.locator('[data-test="entropy-recorded"]').textContent()).toBe('见证人摇号 07 15 23 31 42（浏览器测试）');
    // Every agency has ceil(N / 2) drawn.
    const figures = await adminApi<Array<{ n: number; k: number; drawn: number }>>('GET', `/api/campaigns/${campaignId}/figures`);
    expect(figures.every((f) => f.k === Math.ceil(f.n / 2) && f.drawn === f.k)).toBe(true);
    await admin.locator('[data-test="figures-table"] .el-table__row').first().waitFor();
    await screenshot(admin, 'admin-draw');
  });

  it('checks the blueprint against the bank and saves it', async () => {
    await admin.goto(`/staff/campaigns/${campaignId}/blueprints`);
    await admin.locator('[data-test="check-blueprint"]').click();
    const report = admin.locator('[data-test="capacity-report"]');
    await report.waitFor();
    expect(await report.textContent()).toContain('全部满足');
    await admin.locator('[data-test="save-blueprint"]').click();
    await admin.getByText('蓝图已保存').waitFor();
    await screenshot(admin, 'admin-blueprint');
  });

  it('sets up an open sitting with every drawn technician, and prints admission tickets', async () => {
    await admin.goto(`/staff/campaigns/${campaignId}/sittings`);
    await admin.locator('[data-test="new-sitting"]').click();
    await admin.locator('input[name="sitting-name"]').fill('第一场（浏览器测试）');
    await admin.locator('input[name="sitting-start"]').fill(chinaLocal(-5));
    await admin.locator('input[name="sitting-end"]').fill(chinaLocal(180));
    await admin.locator('[data-test="create-sitting"]').click();
    await admin.locator('[data-test="assign"]').click();
    const table = admin.locator('[data-test="sitting-candidates"]');
    const drawn = await adminApi<unknown[]>('GET', `/api/campaigns/${campaignId}/sample`);
    await waitForCount(admin, '[data-test="sitting-candidates"] .el-table__body tr', drawn.length);
    expect(await table.locator('.el-table__body tr').count()).toBe(drawn.length);
    await screenshot(admin, 'admin-sittings');
    const sittings = await adminApi<Array<{ id: number }>>('GET', `/api/sittings?campaignId=${campaignId}`);
    sittingId = sittings[0].id;

    const tickets = await adminCtx.newPage();
    await tickets.goto(`/tickets/${sittingId}`);
    const frame = tickets.frameLocator('[data-test="tickets-frame"]');
    await frame.getByText('准考证').first().waitFor();
    await screenshot(tickets, 'admin-tickets');
    await tickets.close();
  });

  it('assembles one paper per candidate and shows the fairness report', async () => {
    await admin.goto(`/staff/campaigns/${campaignId}/papers`);
    await admin.locator('[data-test="assemble"]').click();
    const result = admin.locator('[data-test="assemble-result"]');
    await result.waitFor({ timeout: 60_000 });
    const drawn = await adminApi<unknown[]>('GET', `/api/campaigns/${campaignId}/sample`);
    expect(await result.textContent()).toContain(`本次新组 ${drawn.length} 份`);
    await admin.locator('[data-test="fairness"]').waitFor();
    await screenshot(admin, 'admin-papers');
    expect(adminErrors).toEqual([]);
  });

  it('lets anyone verify the draw in the browser, and spots an edited record', async () => {
    const ctx = await newContext(w);
    const page = await ctx.newPage();
    await page.goto(`/draw/${campaignId}`);
    await page.locator('[data-test="verify-draw"]').click();
    await waitForText(page, '[data-test="verify-result"]', '验证通过（OK）');
    await screenshot(page, 'public-draw-verified');

    const record = JSON.parse(readFileSync(await downloadRecord(w, campaignId, dir), 'utf8')) as {
      agencies: Array<{ drawn: string[]; substitutes: string[] }>;
    };
    const a = record.agencies.find((x) => x.substitutes.length > 0)!;
    [a.drawn[0], a.substitutes[0]] = [a.substitutes[0], a.drawn[0]];
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(record));
    await page.locator('input[type="file"]').setInputFiles(edited);
    await waitForText(page, '[data-test="verify-result"]', '验证未通过');
    expect(await page.locator('[data-test="verify-result"]').textContent()).toContain('抽中名单');
    await ctx.close();
  });
});

async function downloadRecord(w: BrowserWorld, campaignId: number, dir: string): Promise<string> {
  const res = await fetch(`${w.base}/api/public/campaigns/${campaignId}/draw-record`);
  const file = join(dir, 'record.json');
  writeFileSync(file, await res.text());
  return file;
}
