import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '../..');
/** The built browser app the server serves at / (WEB_DIST). */
export const WEB_DIST = join(ROOT, 'web', 'dist');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');

/** Debian's Chromium (installed with apt; never a downloaded browser). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The browser suite runs where Chromium is installed, and always in CI (.ci/run installs it; a missing browser
 * then fails the run instead of silently testing less), like the MySQL tests.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') {
    describe(name, fn);
  } else {
    process.stdout.write(
      `\n[browser tests] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`,
    );
    describe.skip(name, fn);
  }
}

/** The launch flags the CI image needs (no sandbox in a container, nothing phoning home). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** The exam-room screen the app is designed for. */
export const VIEWPORT = { width: 1366, height: 768 };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/**
 * Builds the browser app into web/dist when it is missing or older than its sources. Test files may run in
 * parallel workers, so the build is guarded by a lock directory.
 */
export async function ensureWebBuilt(): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'web', 'src')),
    statSync(join(ROOT, 'web', 'index.html')).mtimeMs,
    statSync(join(ROOT, 'web', 'vite.config.ts')).mtimeMs,
  );
  const fresh = (): boolean => existsSync(index) && statSync(index).mtimeMs >= sources;
  if (fresh()) {
    return;
  }
  // In test-artifacts/ (ignored by git), so that a crashed build leaves nothing in the tree.
  const lock = join(ROOT, 'test-artifacts', 'web-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) {
        rmSync(lock, { recursive: true, force: true }); // a crashed build left it behind
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!fresh()) {
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'web/vite.config.ts',
          '--outDir',
          WEB_DIST,
          '--emptyOutDir',
          '--logLevel',
          'error',
        ],
        { cwd: ROOT, stdio: 'inherit' },
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface BrowserWorld {
  t: TestApp;
  /** http://127.0.0.1:<port> */
  base: string;
  browser: Browser;
  close: () => Promise<void>;
}

/** The real server (with the built app) on a fresh SQLite database, listening, and Chromium. */
export async function startWorld(
  name: string,
  overrides: Record<string, string> = {},
): Promise<BrowserWorld> {
  await ensureWebBuilt();
  const t = await createTestApp('sqlite', name, { WEB_DIST, ...overrides });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** A fresh browser profile (cookies, localStorage) at the designed screen size, in Chinese. */
export async function newContext(w: BrowserWorld): Promise<BrowserContext> {
  const ctx = await w.browser.newContext({
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: w.base,
  });
  ctx.setDefaultTimeout(20_000);
  return ctx;
}

/**
 * Saves a full-page screenshot as a test artefact. Transitions are run to their end first, so that an element
 * that has just appeared (Element Plus zooms tags in) is pictured as it settles.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Collects uncaught page errors, so that a test can assert the app ran without any. */
export function trackErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Signs a staff member in through the login page. */
export async function staffLogin(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A datetime-local value in China time, `minutes` from now. */
export function chinaLocal(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

export async function confirmBox(page: Page): Promise<void> {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/** The little of the DOM that the page functions below touch (test code compiles without the DOM library). */
interface PageElement {
  textContent: string | null;
  value?: string;
  disabled?: boolean;
  offsetParent?: unknown;
}
declare const document: {
  body: unknown;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
};
declare const MutationObserver: new (callback: () => void) => {
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
};

let watches = 0;

/**
 * Starts watching the page for `selector`; the returned function tells what that element and the `also`
 * elements read at the moment it first appeared, or null if it has not. A MutationObserver sees an element
 * however briefly it was shown, where polling for it could miss it. The record survives the app's own
 * navigation (not a reload).
 */
export async function watchAppearance(
  page: Page,
  selector: string,
  also: string[] = [],
): Promise<() => Promise<Record<string, string> | null>> {
  const key = `__choukaoSeen${++watches}`;
  await page.evaluate(
    ([s, k, others]) => {
      const g = globalThis as unknown as Record<string, unknown>;
      g[k] = null;
      const seen = (): boolean => {
        if (!document.querySelector(s)) {
          return false;
        }
        g[k] = Object.fromEntries(
          [s, ...others].map((x) => [x, document.querySelector(x)?.textContent?.trim() ?? '(not found)']),
        );
        return true;
      };
      if (!seen()) {
        const observer = new MutationObserver(() => {
          if (seen()) {
            observer.disconnect();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }
    },
    [selector, key, also] as const,
  );
  return () =>
    page.evaluate((k) => (globalThis as unknown as Record<string, Record<string, string> | null>)[k], key);
}

/** Fills Element Plus's prompt (a reason, a message) and confirms it; waits until that box has closed. */
export async function promptBox(page: Page, text: string): Promise<void> {
  const box = page.locator('.el-message-box:visible').last();
  await box.waitFor();
  await box.locator('textarea, input').first().fill(text);
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await page.waitForFunction(
    (t) =>
      !Array.from(document.querySelectorAll('.el-message-box textarea, .el-message-box input')).some(
        (e) => e.value === t && e.offsetParent !== null,
      ),
    text,
  );
}

/** Waits until the element's text contains `text`; on timeout the error shows what the element said. */
export async function waitForText(
  page: Page,
  selector: string,
  text: string,
  timeout = 20_000,
): Promise<void> {
  try {
    await page.waitForFunction(
      ([s, t]) => document.querySelector(s)?.textContent?.includes(t) ?? false,
      [selector, text] as const,
      { timeout },
    );
  } catch (err) {
    const now = await page
      .locator(selector)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '(not found)');
    throw new Error(`"${text}" did not appear in ${selector}; it reads: ${now}\n${(err as Error).message}`);
  }
}

/** Waits until the element's text is exactly `text` (trimmed). */
export async function waitForExactText(
  page: Page,
  selector: string,
  text: string,
  timeout = 20_000,
): Promise<void> {
  await page.waitForFunction(
    ([s, t]) => document.querySelector(s)?.textContent?.trim() === t,
    [selector, text] as const,
    { timeout },
  );
}

/** Waits until the element's text matches `pattern`. */
export async function waitForMatch(
  page: Page,
  selector: string,
  pattern: RegExp,
  timeout = 20_000,
): Promise<void> {
  await page.waitForFunction(
    ([s, source, flags]) =>
      new RegExp(source, flags).test(document.querySelector(s)?.textContent?.trim() ?? ''),
    [selector, pattern.source, pattern.flags] as const,
    { timeout },
  );
}

/** Waits until a button is enabled. */
export async function waitForEnabled(page: Page, selector: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((s) => document.querySelector(s)?.disabled === false, selector, { timeout });
}

/** Waits until `selector` matches exactly `n` elements. */
export async function waitForCount(page: Page, selector: string, n: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(([s, k]) => document.querySelectorAll(s).length === k, [selector, n] as const, {
    timeout,
  });
}
