import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { RatingSubmission } from '../../src/rating/entities/submission.entity';
import { addAttempt, answersFor, seedCampaign } from '../e2e/scoring-fixture';
import {
  describeWithBrowser,
  newContext,
  screenshot,
  staffLogin,
  startWorld,
  trackErrors,
  waitForExactText,
  waitForText,
  type BrowserWorld,
} from './support';

/**
 * The agency rating in the browser: an inspecting expert fills an agency's sheet (a service object and two
 * deductions with evidence), a respondent fills the 附件4 survey on a phone through a one-use link, and the
 * administrator publishes the preliminary grades, which the public page shows.
 */
describeWithBrowser('browser: the agency rating', () => {
  let w: BrowserWorld;
  const contexts: BrowserContext[] = [];
  const errors: Record<string, string[]> = {};
  let admin: string;
  let roundId: number;
  let ratedAgencyId: number;
  let agencyName: string;
  let examComponent: string;
  let surveyToken: string;

  const auth = () => ({ authorization: `Bearer ${admin}` });

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

  async function choose(p: Page, select: string, option: string): Promise<void> {
    await p.locator(select).click();
    await p.locator('.el-select-dropdown__item:visible', { hasText: option }).last().click();
  }

  beforeAll(async () => {
    w = await startWorld('rating_browser');
    admin = await w.t.login();
    // A finalised exam campaign gives item 19.
    const fx = await seedCampaign(w.t, admin);
    for (const c of fx.candidates) {
      await addAttempt(w.t, c, answersFor(c.paper.questions), 'submitted');
    }
    await w.t
      .http()
      .post(`/api/publication/campaigns/${fx.campaignId}/publish`)
      .set(auth())
      .send({})
      .expect(201);
    await w.t.ds.query(
      `UPDATE publications SET notice_start = '2020-01-02', notice_end = '2020-01-10' WHERE campaign_id = ?`,
      [fx.campaignId],
    );
    await w.t.http().post(`/api/publication/campaigns/${fx.campaignId}/finalise`).set(auth()).expect(200);
    const agencyId = fx.candidates[0].sample.agencyId;
    const round = await w.t
      .http()
      .post('/api/rating/rounds')
      .set(auth())
      .send({ year: 2026, name: '2026年度安全生产技术服务机构分类等级评定', agencyIds: [agencyId] })
      .expect(201);
    roundId = (round.body as { id: number }).id;
    await w.t
      .http()
      .post(`/api/rating/rounds/${roundId}/exam`)
      .set(auth())
      .send({ campaignId: fx.campaignId })
      .expect(200);
    const rated = (await w.t.http().get(`/api/rating/rounds/${roundId}`).set(auth()).expect(200)).body
      .agencies[0] as { id: number; name: string; examComponent: string };
    ratedAgencyId = rated.id;
    agencyName = rated.name;
    examComponent = rated.examComponent;
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) {
      await c.close();
    }
    await w?.close();
  });

  it('the administrator makes an inspector account, adds the expert to the round and assigns the agency', async () => {
    const p = await page('admin-experts');
    await staffLogin(p, 'admin', 'admin-password-1');
    await p.locator('[data-nav="users"]').click();
    await p.locator('[data-test="new-user"]').click();
    await p.locator('input[name="new-username"]').fill('inspector1');
    await p.locator('input[name="new-displayname"]').fill('孙专家');
    await p.locator('.el-dialog .el-radio').getByText('检查专家').click();
    await p.locator('input[name="new-password"]').fill('inspect-pass-1');
    await p.locator('[data-test="create-user"]').click();
    await waitForText(p, '[data-test="users-table"]', '检查专家');
    await p.locator('[data-nav="rating"]').click();
    const panel = p.locator('[data-test="experts-panel"]');
    await panel.waitFor();
    await panel.locator('[data-test="expert-user"]').click();
    await p.locator('.pop-expert-user .el-select-dropdown__item', { hasText: '孙专家' }).click();
    await panel.getByRole('button', { name: '添加专家' }).click();
    await waitForText(p, '[data-test="experts-panel"] .el-table', '孙专家');
    await panel.locator('[data-test="assign-user"]').click();
    await p.locator('.pop-assign-user .el-select-dropdown__item', { hasText: '孙专家' }).click();
    await panel.locator('[data-test="assign-agency"]').click();
    await p.locator('.pop-assign-agency .el-select-dropdown__item', { hasText: agencyName }).click();
    await panel.getByRole('button', { name: '分配' }).click();
    await p.locator('.el-message--success', { hasText: '已分配' }).waitFor();
    await screenshot(p, 'rating-admin-experts');
    expect(errors['admin-experts']).toEqual([]);
  });

  it('an inspecting expert fills the sheet with evidence', async () => {
    const p = await page('expert');
    await staffLogin(p, 'inspector1', 'inspect-pass-1');
    await p.waitForURL(/\/staff\/rating/);
    expect(
      await p.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav'))),
    ).toEqual(['rating']);
    await p.locator(`[data-test="open-sheet-${ratedAgencyId}"]`).click();
    await waitForText(p, '[data-test="sheet-agency"]', agencyName);

    await p.locator('[data-test="object-name"]').fill('临沂某化工有限公司');
    await p.locator('[data-test="object-add"]').click();
    await waitForText(p, '[data-test="objects"]', '临沂某化工有限公司');

    await choose(p, '[data-test="entry-item"]', '1. 基础管理');
    await choose(p, '[data-test="entry-rule"]', '固定办公场所少于 200 平方米的');
    await p.locator('[data-test="entry-evidence"]').fill('实测办公面积 150 平方米（测量记录 J-01）');
    await p.locator('[data-test="entry-submit"]').click();
    await waitForExactText(p, '[data-test="item-score-1"]', '2.00');

    await choose(p, '[data-test="entry-item"]', '12. 工作实绩');
    await choose(p, '[data-test="entry-rule"]', '安全隐患排查治理台帐记录不规范');
    await choose(p, '[data-test="entry-object"]', '临沂某化工有限公司');
    await p.locator('[data-test="entry-evidence"]').fill('隐患台账无整改期限和复查记录');
    await p.locator('[data-test="entry-submit"]').click();
    await waitForExactText(p, '[data-test="item-score-12"]', '8.00');
    await waitForText(p, '[data-test="deduction-1"]', '实测办公面积 150 平方米');
    await waitForText(p, '[data-test="deduction-1"]', '孙专家');
    // A photo of the office as evidence of the first deduction (a PNG signature is enough for the type check).
    const photo = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(2048, 1),
    ]);
    await p
      .locator('[data-test="deduction-1"] input[type="file"]')
      .setInputFiles({ name: '办公场所照片.png', mimeType: 'image/png', buffer: photo });
    await waitForText(p, '[data-test="deduction-1"]', '办公场所照片.png');
    await screenshot(p, 'rating-expert-sheet');
    expect(errors.expert).toEqual([]);
  });

  it('the administrator uploads the agency’s 附件2 list and hands out a one-use survey link from the sheet', async () => {
    const p = await page('admin-links');
    await staffLogin(p, 'admin', 'admin-password-1');
    await p.goto(`/staff/rating/agencies/${ratedAgencyId}`);
    await waitForText(p, '[data-test="sheet-agency"]', agencyName);
    // The agency's 附件2 list, filled in the template, uploaded on its behalf.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('清单').addRow([
      '序号',
      '项目名称',
      '项目时间',
      '报告评审时间',
      '评审机关',
      '生产经营单位',
      '所属行业',
      '所在县区',
      '评价机构',
      '注册地',
      '项目负责人',
    ]);
    wb.worksheets[0].addRow([1, '某化工厂安全现状评价', '2026-03-15', '', '', '临沂某化工有限公司']);
    await p.locator('[data-test="upload-statutory-projects"]').setInputFiles({
      name: '附件2.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await p.locator('.el-message--success', { hasText: '清单已导入' }).waitFor();
    expect(await w.t.ds.getRepository(RatingSubmission).count({ where: { ratedAgencyId } })).toBe(1);
    await p.locator('[data-test="link-add"]').click();
    const url = await p.locator('[data-test="survey-links"] code.url').first().textContent();
    surveyToken = /\/survey\/([A-Za-z0-9_-]+)$/.exec(url ?? '')![1];
    // The fresh link comes with its QR code, for a respondent to scan with a phone.
    const qr = p.locator('[data-test="survey-links"] img.qr').first();
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(p, 'rating-admin-links');
    expect(errors['admin-links']).toEqual([]);
  });

  it('a respondent fills the survey on a phone, once', async () => {
    const p = await page('respondent', { width: 390, height: 844 });
    await p.goto(`/survey/${surveyToken}`);
    await waitForText(p, '[data-test="survey-agency"]', agencyName);
    for (const [criterion, score] of [
      ['compliance', '2'],
      ['quality', '1.5'],
      ['fees', '2'],
      ['ethics', '2'],
      ['competition', '2'],
    ]) {
      await p.locator(`[data-criterion="${criterion}"] [data-score="${score}"]`).click();
    }
    await waitForExactText(p, '[data-test="survey-total"]', '9.50');
    await p.locator('[data-test="survey-other"]').fill('报告出具及时');
    await screenshot(p, 'rating-survey-phone');
    await p.locator('[data-test="survey-submit"]').click();
    await waitForText(p, '[data-test="survey-done"]', '9.50');
    await screenshot(p, 'rating-survey-phone-done');
    await p.goto(`/survey/${surveyToken}`);
    await waitForText(p, '[data-test="survey-error"]', '已使用');
    expect(errors.respondent).toEqual([]);
  });

  it('the administrator sees the dashboard and publishes; the public page shows the grade', async () => {
    const p = await page('admin');
    await staffLogin(p, 'admin', 'admin-password-1');
    await p.locator('[data-nav="rating"]').click();
    // 18 + 20 + 28 (object: 30 − 2) + exam + 9.5
    const total = (1800 + 2000 + 2800 + Math.round(Number(examComponent) * 100) + 950) / 100;
    await waitForText(p, '[data-test="progress"]', total.toFixed(2));
    await p.locator('[data-test="totals-chart"] canvas').waitFor();
    await p.locator('[data-test="rating-publish"]').click();
    await waitForText(p, '[data-test="notice"]', '7 个工作日');
    await screenshot(p, 'rating-dashboard-published');
    await p.goto(`/rating/${roundId}`);
    await waitForText(p, '[data-test="rating-notice-grades"]', total.toFixed(2));
    await waitForText(p, '[data-test="rating-notice-grades"]', agencyName);
    await screenshot(p, 'rating-public-notice');
    expect(errors.admin).toEqual([]);
  });

  it('the public finds the notice from the home page and files an objection on it', async () => {
    const p = await page('public-rating');
    await p.goto('/');
    await p.locator('[data-test="published-rating"] a').first().click();
    await p.waitForURL(`**/rating/${roundId}`);
    await p.locator('[name="rating-objection-name"]').fill('周某');
    await p.locator('[name="rating-objection-contact"]').fill('13700000000');
    await p.locator('[name="rating-objection-content"]').fill('本机构服务对象的扣分与现场情况不符，请复核。');
    await p.locator('[data-test="submit-rating-objection"]').click();
    await waitForText(p, '[data-test="rating-objection-sent"]', '异议已受理');
    await screenshot(p, 'rating-public-objection');
    expect(errors['public-rating']).toEqual([]);
  });
});
