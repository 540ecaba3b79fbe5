import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { LessThan } from 'typeorm';
import type { SampledTechnician } from '../../src/sampling/sampled-technician';
import { SittingCandidate } from '../../src/sessions/sitting-candidate.entity';
import { Sitting } from '../../src/sessions/sitting.entity';
import { ticketNumber } from '../../src/sessions/ticket';
import { drawnTwoDisciplineCampaign } from '../support/campaign-factory';
import {
  describeWithBrowser,
  newContext,
  promptBox,
  screenshot,
  SCREENSHOTS,
  staffLogin,
  startWorld,
  trackErrors,
  waitForCount,
  waitForText,
  type BrowserWorld,
} from './support';
import { TEST_ADMIN } from '../support/test-app';

/**
 * The exam morning on the campaign's sittings step (desktop 1366×768): a room filled to capacity, the rest of
 * the drawn list split over new sittings by agency, a sitting edited, closed early (its no-shows absent) and
 * another deleted, each with a reason; the sign-in sheet and seating plan printed whole; the agencies'
 * notice downloaded as Excel.
 */
describeWithBrowser('browser: running sittings', () => {
  let w: BrowserWorld;
  let ctx: BrowserContext;
  let p: Page;
  let errors: string[];
  let admin: string;
  let campaignId: number;
  let sample: SampledTechnician[];
  let firstId: number;

  const auth = () => ({ authorization: `Bearer ${admin}` });
  const sittingsOf = async () =>
    w.t.ds.getRepository(Sitting).find({ where: { campaignId }, order: { id: 'ASC' } });
  const message = (text: string) => p.locator('.el-message', { hasText: text }).first().waitFor();

  beforeAll(async () => {
    w = await startWorld('sittings_browser');
    admin = await w.t.login();
    ({ campaignId, sample } = await drawnTwoDisciplineCampaign(w.t, admin));
    // A sitting that opened ten minutes ago, for 4 people.
    const first = await w.t
      .http()
      .post('/api/sittings')
      .set(auth())
      .send({
        campaignId,
        name: '第一场',
        mode: 'room',
        location: '301 考场',
        windowStart: new Date(Date.now() - 600_000).toISOString(),
        windowEnd: new Date(Date.now() + 2 * 3600_000).toISOString(),
        durationSeconds: 3600,
        lateEntrySeconds: 900,
        capacity: 4,
      })
      .expect(201);
    firstId = (first.body as { id: number }).id;
    ctx = await newContext(w);
    p = await ctx.newPage();
    errors = trackErrors(p);
    await staffLogin(p, TEST_ADMIN.username, TEST_ADMIN.password);
  }, 180_000);

  afterAll(async () => {
    await ctx?.close();
    await w?.close();
  });

  it('fills the room when the drawn list is longer than its seats, then splits the rest by agency', async () => {
    await p.goto(`/staff/campaigns/${campaignId}/sittings`);
    await p.locator('[data-sitting="第一场"] .sitting-head strong').click();
    // 安排 with more drawn people than seats: the page offers to fill the room; declined, nothing is placed.
    await p.locator('[data-test="assign"]').click();
    const box = p.locator('.el-message-box', { hasText: '是否安排到满' });
    await box.waitFor();
    await box.locator('.el-message-box__btns .el-button:not(.el-button--primary)').click();
    await box.waitFor({ state: 'hidden' });
    expect(await w.t.ds.getRepository(SittingCandidate).count({ where: { campaignId } })).toBe(0);
    await p.locator('[data-test="fill"]').click();
    await message('已安排 4 人');
    await waitForCount(p, '[data-test="sitting-candidates"] .el-table__body tr', 4);
    await waitForText(p, '[data-test="sittings-card"]', `尚有 ${sample.length - 4} 人未安排`);

    await p.locator('[data-test="split-open"]').click();
    await waitForCount(p, '[data-test="split-rows"] .el-table__body tr', 2);
    await screenshot(p, 'sittings-split-dialog');
    await p.locator('[data-test="split-confirm"]').click();
    await message('已新建 2 个场次并安排');
    const places = await w.t.ds.getRepository(SittingCandidate).find({ where: { campaignId } });
    expect(places).toHaveLength(sample.length);
    const sittings = await sittingsOf();
    expect(sittings).toHaveLength(3);
    // The default capacities leave a fifth spare, so every agency of the rest sits whole in one new sitting.
    for (const s of sittings.slice(1)) {
      expect(places.filter((x) => x.sittingId === s.id).length).toBeLessThanOrEqual(s.capacity);
    }
    const rest = places.filter((x) => x.sittingId !== firstId);
    for (const agencyId of new Set(rest.map((x) => x.agencyId))) {
      expect(new Set(rest.filter((x) => x.agencyId === agencyId).map((x) => x.sittingId)).size).toBe(1);
    }
    await message('每个机构的人员都在同一场次');
    await waitForText(p, '[data-test="sittings-card"]', `已安排 ${sample.length} 人`);
  });

  it('edits a sitting only with a reason', async () => {
    await p.locator(`[data-test="edit-${firstId}"]`).click();
    await p.locator('input[name="edit-location"]').fill('四楼 402 考场');
    await p.locator('[data-test="save-sitting"]').click();
    await message('请填写修改原因');
    await p.locator('textarea[name="edit-reason"]').fill('301 室临时检修，改到 402');
    await p.locator('[data-test="save-sitting"]').click();
    await message('已修改场次');
    await waitForText(p, '[data-sitting="第一场"]', '四楼 402 考场');
  });

  it('prints the sign-in sheet and the seating plan whole with the browser’s own print', async () => {
    // Make one sitting long enough to need several printed pages (people copied as extra seats).
    const third = (await sittingsOf())[2];
    const base = await w.t.ds.getRepository(SittingCandidate).find({ where: { sittingId: third.id } });
    const start = base.length;
    await w.t.ds.getRepository(SittingCandidate).insert(
      Array.from({ length: 45 }, (_, i) => ({
        ...base[0],
        id: undefined,
        technicianId: 900_000 + i,
        name: `补充考生${i + 1}`,
        seat: start + i + 1,
        ticketNumber: ticketNumber(campaignId, third.id, start + i + 1),
      })),
    );
    const printPage = await ctx.newPage();
    const printErrors = trackErrors(printPage);
    await printPage.goto(`/print/sittings/${third.id}/sign-in`);
    await waitForCount(printPage, '[data-test="sign-in-row"]', start + 45);
    await waitForText(printPage, '[data-test="sign-in-sheet"]', base[0].idNumber); // full ID on the staff sheet
    await screenshot(printPage, 'sittings-sign-in-sheet');
    await printPage.emulateMedia({ media: 'print' });
    expect(await printPage.locator('.bar').isVisible()).toBe(false);
    const pdf = await printPage.pdf({ preferCSSPageSize: true });
    writeFileSync(join(SCREENSHOTS, 'sittings-sign-in-sheet.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // ~50 rows of 11 mm: more than two A4 pages, all of them printed (not the first screen only).
    expect(pages).toBeGreaterThanOrEqual(3);

    await printPage.emulateMedia({ media: 'screen' });
    await printPage.goto(`/print/sittings/${firstId}/seating`);
    await waitForText(printPage, '[data-test="seating-plan"]', '四楼 402 考场');
    await waitForCount(printPage, '[data-test="seat-cell"]', 6); // 4 seats in rows of 6
    await screenshot(printPage, 'sittings-seating-plan');
    expect(printErrors).toEqual([]);
    await printPage.close();
  });

  it('closes the running sitting early, its no-shows recorded absent, and deletes an unused one', async () => {
    await p.locator(`[data-test="close-${firstId}"]`).click();
    await promptBox(p, '到场考生均已交卷，提前结束');
    await message('4 人登记为无故缺考');
    await waitForText(p, '[data-sitting="第一场"]', '已结束');
    const closedIds = (
      await w.t.ds.getRepository(SittingCandidate).find({ where: { sittingId: firstId } })
    ).map((c) => c.technicianId);
    expect(closedIds).toHaveLength(4);
    const results = (
      await w.t.http().get(`/api/scoring/campaigns/${campaignId}/results`).set(auth()).expect(200)
    ).body as Array<{ technicianId: number; standing: string; absenceReason: string | null }>;
    for (const id of closedIds) {
      const r = results.find((x) => x.technicianId === id)!;
      expect(r.standing).toBe('absent');
      expect(r.absenceReason).toContain('到场考生均已交卷，提前结束');
    }

    // The third sitting (with the copied seats of the printing test) was never used: it can go.
    const third = (await sittingsOf())[2];
    const freed = await w.t.ds
      .getRepository(SittingCandidate)
      .count({ where: { sittingId: third.id, technicianId: LessThan(900_000) } });
    await p.locator(`[data-test="delete-${third.id}"]`).click();
    await promptBox(p, '第三场取消，人员另行安排');
    await message(`已删除场次：${third.name}`);
    await waitForText(p, '[data-test="sittings-card"]', `尚有 ${freed} 人未安排`);
    await screenshot(p, 'sittings-managed');
  });

  it('downloads the agencies’ notice with everyone’s sitting, place and ticket number', async () => {
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.locator('[data-test="agency-notice"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('抽考安排_通知各机构.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const values = wb.getWorksheet('通知各机构')!.getSheetValues().flat().map(String);
    for (const s of sample) {
      expect(values).toContain(s.name);
    }
    expect(values).toContain('未安排');
    const placed = await w.t.ds.getRepository(SittingCandidate).find({ where: { campaignId } });
    for (const c of placed.filter((x) => x.technicianId < 900_000)) {
      expect(values).toContain(c.ticketNumber);
    }

    // The proctors' list shows the closed sitting as ended, with the printouts at hand.
    await p.goto('/staff/sittings');
    await waitForText(p, '[data-test="sittings-table"]', '已结束');
    await screenshot(p, 'sittings-list');
    expect(errors).toEqual([]);
  });
});
