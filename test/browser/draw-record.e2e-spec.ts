import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { commitmentOf, draw, drawSeed } from '../../src/sampling/draw';
import type { DrawRecord } from '../../src/sampling/draw-record';
import {
  describeWithBrowser,
  newContext,
  screenshot,
  startWorld,
  trackErrors,
  waitForText,
  type BrowserWorld,
} from './support';

const run = promisify(execFile);

/** scripts/draw-verify.ts, as `npm run draw:verify --` runs it. */
async function verifyCli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/draw-verify.ts', ...args],
      {
        cwd: resolve(__dirname, '../..'),
      },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

function forgeWithNewSecret(record: DrawRecord): DrawRecord {
  const forged = structuredClone(record);
  forged.secret = createHash('sha256').update('chosen after the entropy was known').digest('hex');
  forged.commitment = commitmentOf(forged.secret);
  forged.seed = drawSeed(forged.secret, forged.entropy, forged.rosterHash);
  forged.agencies = draw(forged.roster, forged.ratio, forged.seed, forged.algorithm);
  return forged;
}

/** Spaces in a row, a tab, a line break and trailing blanks: all of them feed the seed. */
const ENTROPY = '体彩排列五  第26061期\t3 9 0 4 7\n见证人：王某、李某   ';

/**
 * The public draw page: the entropy shown and copied exactly, every published commitment listed, and a local
 * record held against the values the server published at freezing — a forgery recomputed with a new secret is
 * consistent in itself and fails only there.
 */
describeWithBrowser('browser: the public draw record', () => {
  let w: BrowserWorld;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let campaignId = 0;
  let record: DrawRecord;
  const dir = mkdtempSync(join(tmpdir(), 'choukao-draw-browser-'));

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await w.t.login();
    const res = await fetch(`${w.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
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

  beforeAll(async () => {
    w = await startWorld('browser_draw');
    const roster = generateFictionalRoster({ agencies: 3, perAgency: [3, 7], seed: 61 });
    const file = (
      await buildRosterWorkbook(
        { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) },
        roster,
      )
    ).toString('base64');
    await api('POST', '/api/roster/import', { file });
    campaignId = (await api<{ id: number }>('POST', '/api/campaigns', { name: '抽取记录页测试', year: 2026 }))
      .id;
    await api('POST', `/api/campaigns/${campaignId}/freeze`, {});
    await api('POST', `/api/campaigns/${campaignId}/freeze`, {}); // re-frozen: both values stay public
    await api('POST', `/api/campaigns/${campaignId}/draw`, { entropy: ENTROPY });
    record = await api<DrawRecord>('GET', `/api/public/campaigns/${campaignId}/draw-record`);
    ctx = await newContext(w);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.base });
    page = await ctx.newPage();
    errors = trackErrors(page);
    await page.goto(`/draw/${campaignId}`);
    await page.locator('[data-test="public-entropy"]').waitFor();
  }, 180_000);
  afterAll(() => w?.close());

  it('shows the entropy exactly as recorded (no collapsed blanks) and copies the exact string', async () => {
    expect(record.entropy).toBe(ENTROPY);
    const entropy = page.locator('[data-test="public-entropy"]');
    // innerText is what the reader sees and copies by hand: with collapsing white space it would differ.
    expect(await entropy.innerText()).toBe(ENTROPY);
    expect(await entropy.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
    await page.locator('[data-test="copy-entropy"]').click();
    await waitForText(page, '.el-message', '已复制公开随机数原文');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ENTROPY);
  });

  it('lists every commitment published, marks the one the draw used and warns of the re-freeze', async () => {
    const rows = page.locator('[data-test="commitment-history"] .el-table__body tr.el-table__row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).innerText()).toContain(record.commitment);
    expect(await rows.nth(1).innerText()).toContain('抽取所用');
    expect(await rows.nth(0).innerText()).not.toContain(record.commitment);
    await waitForText(page, '[data-test="refrozen"]', '名册共冻结 2 次');
    await waitForText(page, '[data-test="draw-public"]', '全部在职技术人员计入 N');
  });

  it('verifies the page’s record against the published values, with each discipline’s exact probability shown', async () => {
    await page.locator('[data-test="verify-draw"]').click();
    await waitForText(page, '[data-test="verify-result"]', '验证通过（OK）：本页记录');
    await waitForText(page, '[data-test="verify-result"]', '名册哈希和承诺值与冻结时公布的一致');
    expect(await page.locator('.el-table').filter({ hasText: '承诺值与冻结时公布的一致' }).count()).toBe(1);
    const first = record.agencies.find((a) => a.inclusion && Object.keys(a.inclusion).length > 0)!;
    const [discipline, fraction] = Object.entries(first.inclusion!)[0];
    const cell = page.locator(`[data-test="inclusion"][title$="${fraction}"]`).first();
    expect(await cell.getAttribute('title')).toContain(fraction);
    expect(discipline).toBeTruthy();
    await screenshot(page, 'public-draw-record');
  });

  it('passes the genuine file and fails a forgery recomputed with a new secret, which is consistent in itself', async () => {
    const genuine = join(dir, 'draw-record.json');
    writeFileSync(genuine, JSON.stringify(record, null, 2));
    const forgedFile = join(dir, 'forged.json');
    writeFileSync(forgedFile, JSON.stringify(forgeWithNewSecret(record), null, 2));

    const input = page.locator('input[type="file"]');
    await input.setInputFiles(genuine);
    await waitForText(page, '[data-test="verify-result"]', '验证通过（OK）：本地文件');
    await input.setInputFiles(forgedFile);
    await waitForText(page, '[data-test="verify-result"]', '验证未通过');
    await waitForText(page, '[data-test="verify-result"]', '承诺值与冻结时公布的不符');
    await screenshot(page, 'public-draw-record-forged');
    expect(errors).toEqual([]);
  });

  it('saves the values at freezing from the page, and draw:verify holds the later record against that copy', async () => {
    const id = (await api<{ id: number }>('POST', '/api/campaigns', { name: '冻结时保存公布值', year: 2026 }))
      .id;
    await api('POST', `/api/campaigns/${id}/freeze`, {});
    const p = await ctx.newPage();
    await p.goto(`/draw/${id}`);
    await p.locator('[data-test="commitment-history"]').waitFor();
    // Not drawn yet: no value is marked as the draw's.
    expect(await p.locator('[data-test="commitment-history"]').innerText()).not.toContain('抽取所用');
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.locator('[data-test="download-published"]').click(),
    ]);
    const kept = join(dir, 'published-at-freezing.json');
    await download.saveAs(kept);
    expect(JSON.parse(readFileSync(kept, 'utf8')).commitments).toHaveLength(1);
    await p.close();

    await api('POST', `/api/campaigns/${id}/draw`, { entropy: '08 16 24 32 43' });
    const later = await api<DrawRecord>('GET', `/api/public/campaigns/${id}/draw-record`);
    const genuine = join(dir, 'later.json');
    writeFileSync(genuine, JSON.stringify(later));
    const forged = join(dir, 'later-forged.json');
    writeFileSync(forged, JSON.stringify(forgeWithNewSecret(later)));
    const [ok, bad] = await Promise.all([
      verifyCli([genuine, '--published', kept]),
      verifyCli([forged, '--published', kept]),
    ]);
    expect(ok).toEqual({ code: 0, out: expect.stringMatching(/^OK\n[\s\S]*\(1 of 1 published\)/) });
    expect(bad).toEqual({ code: 1, out: expect.stringMatching(/^MISMATCH: commitment: /) });
  });
});
