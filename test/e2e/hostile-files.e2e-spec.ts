import { performance } from 'node:perf_hooks';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { Agency } from '../../src/roster/agency.entity';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { ROSTER_MAX_ROWS } from '../../src/roster/roster-sheet';
import { Technician } from '../../src/roster/technician.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { buildZipBombXlsx } from '../support/zip-writer';

/*
 * Issue 14, items 1 and 3: hostile and huge Excel uploads. A zip bomb (honest or lying headers) is refused by
 * both import routes with the reason while memory stays bounded and /health keeps answering; a roster above the
 * row cap is refused; a large roster is read off the event loop, so /health answers throughout its import.
 */

const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
const MB = 1024 * 1024;

/** The largest RSS seen while `work` runs (sampled every 10 ms, and once at the end). */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

describe.each(databasesUnderTest())('hostile Excel files on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let honestBomb: Buffer;
  let lyingBomb: Buffer;
  const auth = () => ({ authorization: `Bearer ${admin}` });
  const routes = {
    roster: (file: Buffer, extra: Record<string, unknown> = {}) =>
      t
        .http()
        .post('/api/roster/import')
        .set(auth())
        .send({ file: file.toString('base64'), fileName: '名册.xlsx', ...extra }),
    bank: (file: Buffer) =>
      t
        .http()
        .post('/api/question-bank/import/excel')
        .set(auth())
        .send({ contentBase64: file.toString('base64'), fileName: '题库.xlsx', dryRun: true }),
  };

  /** Polls /health until `until` settles; each answer's latency and when it arrived. */
  async function pollHealth(until: Promise<unknown>) {
    let over = false;
    void until.finally(() => (over = true)).catch(() => undefined);
    const answers: Array<{ status: number; ms: number; at: number }> = [];
    do {
      const t0 = performance.now();
      const res = await t.http().get('/health');
      answers.push({ status: res.status, ms: performance.now() - t0, at: performance.now() });
      await new Promise((r) => setTimeout(r, 20));
    } while (!over);
    return answers;
  }

  beforeAll(async () => {
    t = await createTestApp(kind, 'hostile_files');
    await t.reset();
    admin = await t.login();
    // 400 MB of sheet in about 1.4 MB: once with honest headers, once claiming 2 KB.
    honestBomb = await buildZipBombXlsx({ sheetBytes: 400 * MB });
    lyingBomb = await buildZipBombXlsx({ sheetBytes: 400 * MB, declaredSheetSize: 2048 });
    expect(honestBomb.length).toBeLessThan(2 * MB);
  }, 120_000);
  afterAll(() => t.close());

  it('refuses a zip bomb on both import routes with the reason, memory bounded, /health served', async () => {
    const before = process.memoryUsage().rss;
    const { result, peak } = await peakRss(async () => {
      // Four at once, as in the audit (two per route), while /health is polled.
      const uploads = Promise.all([
        routes.roster(honestBomb),
        routes.bank(honestBomb),
        routes.roster(honestBomb),
        routes.bank(honestBomb),
      ]);
      const [responses, health] = await Promise.all([uploads, pollHealth(uploads)]);
      return { responses, health };
    });
    for (const res of result.responses) {
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('xlsx_refused');
      expect(res.body.message).toMatch(/压缩炸弹/);
      expect(['entry-size', 'ratio', 'total-size']).toContain(res.body.details.rule);
    }
    expect(result.health.length).toBeGreaterThan(0);
    expect(result.health.every((h) => h.status === 200)).toBe(true);
    expect(peak - before).toBeLessThan(200 * MB);
    expect(await t.ds.getRepository(Agency).count()).toBe(0);
  });

  it('catches lying size headers while inflating, with bounded memory, on both routes', async () => {
    const before = process.memoryUsage().rss;
    const { result, peak } = await peakRss(async () => {
      const uploads = Promise.all([
        routes.roster(lyingBomb),
        routes.bank(lyingBomb),
        routes.roster(lyingBomb),
        routes.bank(lyingBomb),
      ]);
      const [responses, health] = await Promise.all([uploads, pollHealth(uploads)]);
      return { responses, health };
    });
    for (const res of result.responses) {
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'xlsx_refused', details: { rule: 'size-mismatch' } });
      expect(res.body.message).toContain('声明');
    }
    expect(result.health.every((h) => h.status === 200)).toBe(true);
    expect(peak - before).toBeLessThan(200 * MB);
    // The server still works normally afterwards.
    const ok = await routes.roster(
      await buildRosterWorkbook(lists, generateFictionalRoster({ agencies: 2, perAgency: [2, 3], seed: 5 })),
    );
    expect(ok.status).toBe(200);
    await t.reset();
  });

  it('refuses an upload above the size limit with the reason, before reading it', async () => {
    // Just above the 10 MB file limit of the zip guard, within both requests' base64 fields.
    const big = Buffer.alloc(10 * MB + 4000, 7);
    const res = await routes.roster(big);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'xlsx_refused', details: { rule: 'file-size' } });
    expect(res.body.message).toContain('文件过大');
    const bank = await routes.bank(big);
    expect(bank.status).toBe(422);
    expect(bank.body).toMatchObject({ code: 'xlsx_refused', details: { rule: 'file-size' } });
    // Far above it: refused by the request validation (400), or by the body limit (413) before any parsing.
    const huge = await routes.roster(Buffer.alloc(12 * MB, 7));
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toContain('文件过大');
    const tooBig = await t
      .http()
      .post('/api/roster/import')
      .set(auth())
      .set('content-type', 'application/json')
      .send(`{"file":"${'A'.repeat(21 * MB)}"}`);
    expect(tooBig.status).toBe(413);
  });

  it(`refuses a roster above the documented cap of ${ROSTER_MAX_ROWS} rows and writes nothing`, async () => {
    const roster = generateFictionalRoster({ agencies: 1001, perAgency: [50, 51], seed: 14 });
    expect(roster.technicians.length).toBeGreaterThan(ROSTER_MAX_ROWS);
    roster.technicians = roster.technicians.slice(0, ROSTER_MAX_ROWS + 1);
    const res = await routes.roster(await buildRosterWorkbook(lists, roster));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('roster_too_many_rows');
    expect(res.body.message).toContain(String(ROSTER_MAX_ROWS));
    expect(res.body.details).toMatchObject({ sheet: '技术人员', limit: ROSTER_MAX_ROWS, actual: 50_001 });
    expect(await t.ds.getRepository(Agency).count()).toBe(0);
    expect(await t.ds.getRepository(Technician).count()).toBe(0);
  }, 120_000);

  it('keeps serving /health while a 20,000-row roster is imported, reports progress, re-imports as no-op', async () => {
    const roster = generateFictionalRoster({ agencies: 420, perAgency: [45, 55], seed: 15 });
    roster.technicians = roster.technicians.slice(0, 20_000);
    expect(roster.technicians).toHaveLength(20_000);
    const file = await buildRosterWorkbook(lists, roster);

    const importId = `hf-${kind}-${Date.now()}`;
    const phases = new Set<string>();
    const timeline: Array<{ at: number; phase: string }> = [];
    const start = performance.now();
    const upload = Promise.resolve(routes.roster(file, { importId }));
    const watch = (async () => {
      let over = false;
      void upload.finally(() => (over = true)).catch(() => undefined);
      while (!over) {
        const p = await t.http().get(`/api/roster/import/progress/${importId}`).set(auth());
        if (p.status === 200) {
          phases.add(p.body.phase);
          timeline.push({ at: performance.now(), phase: p.body.phase });
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const [res, health] = await Promise.all([upload, pollHealth(upload), watch]);
    const end = performance.now();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: true, technicians: { created: 20_000 } });
    // /health answered many times while the import was in progress, never held up for long.
    const during = health.filter((h) => h.at > start && h.at < end - 20);
    expect(during.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...health.map((h) => h.ms))).toBeLessThan(2000);
    // /health answered while the workbook was being read and validated (in the worker thread), not only
    // between database writes.
    const parsing = timeline.filter((p) => ['reading', 'validating'].includes(p.phase));
    expect(parsing.length).toBeGreaterThan(0);
    const from = parsing[0].at;
    const to = timeline.find((p) => p.at > from && ['writing', 'done'].includes(p.phase))?.at ?? end;
    expect(health.filter((h) => h.at > from && h.at < to).length).toBeGreaterThan(0);
    // The page could follow it: the phases seen, and the end recorded with the row count.
    expect(phases).toContain('writing');
    const final = await t.http().get(`/api/roster/import/progress/${importId}`).set(auth()).expect(200);
    expect(final.body).toMatchObject({ phase: 'done', rows: 20_000 });
    // Another administrator (or no id) cannot read it; an unknown id is 404.
    await t.http().get('/api/roster/import/progress/unknown-import-id').set(auth()).expect(404);

    // The same file again plans nothing, still with /health answering.
    const again = Promise.resolve(routes.roster(file));
    const [res2, health2] = await Promise.all([again, pollHealth(again)]);
    expect(res2.status).toBe(200);
    expect(res2.body).toMatchObject({ changed: false, technicians: { created: 0, unchanged: 20_000 } });
    expect(health2.every((h) => h.status === 200)).toBe(true);
    expect(await t.ds.getRepository(Technician).count()).toBe(20_000);
  }, 180_000);
});
