import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/test-app';
import { newContext, screenshot, staffLogin, startWorld, trackErrors, waitForText, type BrowserWorld } from './support';

describe('browser: staff accounts and the audit log', () => {
  let w: BrowserWorld;
  beforeAll(async () => {
    w = await startWorld('browser_staff');
  }, 120_000);
  afterAll(() => w?.close());

  it('refuses a wrong password with the server’s message', async () => {
    const ctx = await newContext(w);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('wrong-password');
    await page.locator('[data-test="login-submit"]').click();
    await expectText(page, '[data-test="login-error"]', '用户名或密码错误');
    await screenshot(page, 'staff-login');
    await ctx.close();
  });

  it('an administrator creates a proctor, who signs in to the proctor side only; the audit chain holds', async () => {
    const ctx = await newContext(w);
    const page = await ctx.newPage();
    const errors = trackErrors(page);
    await staffLogin(page, TEST_ADMIN.username, TEST_ADMIN.password);
    await page.goto('/staff/users');
    await page.locator('[data-test="new-user"]').click();
    await page.locator('input[name="new-username"]').fill('proctor7');
    await page.locator('input[name="new-displayname"]').fill('王监考');
    await page.locator('input[name="new-password"]').fill('proctor-pass-7');
    await page.locator('[data-test="create-user"]').click();
    const table = page.locator('[data-test="users-table"]');
    await table.getByText('王监考').waitFor();
    await screenshot(page, 'admin-users');

    await page.goto('/staff/audit');
    await page.locator('[data-test="audit-table"]').getByText('新建账号').waitFor();
    await page.locator('[data-test="audit-verify"]').click();
    await expectText(page, '[data-test="audit-verdict"]', '哈希链完整');
    await screenshot(page, 'admin-audit');
    expect(errors).toEqual([]);

    const proctorCtx = await newContext(w);
    const p = await proctorCtx.newPage();
    await staffLogin(p, 'proctor7', 'proctor-pass-7');
    await p.waitForURL('**/staff/sittings');
    await expectText(p, '[data-test="current-user"]', '王监考（监考员）');
    // The administrator's pages are not in the proctor's menu, and typing their address leads back.
    expect(await p.locator('[data-nav="users"]').count()).toBe(0);
    await p.goto('/staff/audit');
    await p.waitForURL('**/staff/sittings');
    await proctorCtx.close();
    await ctx.close();
  });
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await waitForText(page, selector, text);
  expect(await page.locator(selector).textContent()).toContain(text);
}
