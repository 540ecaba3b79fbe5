import type { BrowserContext, Page } from 'playwright-core';
import { describeWithBrowser, screenshot, startWorld, trackErrors, type BrowserWorld } from './support';

/**
 * The public pages on a 390×844 phone: the header's links keep each word on one line (they used to wrap one
 * character a line: 首/页, 考/生/入/口) and nothing is wider than the screen.
 */
describeWithBrowser('browser: the public pages on a phone', () => {
  let w: BrowserWorld;
  let ctx: BrowserContext;
  let p: Page;
  let errors: string[];

  beforeAll(async () => {
    w = await startWorld('browser_phone');
    ctx = await w.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      baseURL: w.base,
    });
    p = await ctx.newPage();
    errors = trackErrors(p);
  }, 180_000);
  afterAll(() => w?.close());

  it.each([
    ['/', 'phone-home'],
    ['/lookup', 'phone-lookup'],
  ])('%s: every header link on one line, no sideways scrolling', async (path, shot) => {
    await p.goto(path);
    await p.locator('.public-header nav a').first().waitFor();
    const links = await p.locator('.public-header nav a').evaluateAll((as) =>
      as.map((a) => {
        const r = a.getBoundingClientRect();
        const lineHeight =
          parseFloat(getComputedStyle(a).lineHeight) || parseFloat(getComputedStyle(a).fontSize) * 1.6;
        return { text: a.textContent ?? '', height: r.height, lineHeight, right: r.right };
      }),
    );
    expect(links.map((l) => l.text)).toEqual(['首页', '个人成绩查询', '考生入口', '工作人员登录']);
    for (const l of links) {
      expect(l.height).toBeLessThan(l.lineHeight * 1.5);
      expect(l.right).toBeLessThanOrEqual(390);
    }
    const scrollWidth = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await screenshot(p, shot);
    expect(errors).toEqual([]);
  });
});
