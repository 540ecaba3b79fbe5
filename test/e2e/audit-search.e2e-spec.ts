import ExcelJS from 'exceljs';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { api, candidateLogin, createProctor, seedSitting, SeededSitting } from '../support/socket-helpers';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

interface Row {
  seq: number;
  actor: string;
  actorName: string;
  action: string;
  target: string;
  sentence: string;
  atBeijing: string;
  details: string;
}
interface Page {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
}

/** Beijing's calendar day of an instant, YYYY-MM-DD. */
const beijingDay = (ms: number) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);

/**
 * The audit log read as sentences with names (a proctor's real actions on a real sitting), searched by actor,
 * kind, Beijing date range and free text, paged, and exported as Excel (the export audited).
 */
describe.each(databasesUnderTest())('audit log search on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let proctor: { id: number; token: string };
  let s: SeededSitting;
  let names: string[];

  const search = async (query: Record<string, string | number>, token = admin) => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    return api<Page>(base, 'GET', `/api/audit/search?${qs}`, undefined, token);
  };

  beforeAll(async () => {
    t = await createTestApp(kind, 'audit_search', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '6',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await t.reset();
    admin = await t.login();
    proctor = await createProctor(base, admin, 'wangwu');
    s = await seedSitting(base, admin, { campaignId: 801, durationSeconds: 900, proctorIds: [proctor.id] });
    const rows: Array<{ id: number; name: string }> = await t.ds.query(
      `SELECT id, name FROM sitting_candidates WHERE sitting_id = ? ORDER BY id`,
      [s.sittingId],
    );
    names = s.candidates.map((c) => rows.find((r) => Number(r.id) === c.id)!.name);
    const login = await candidateLogin(
      base,
      s.candidates[0].ticketNumber,
      simpleIdNumber(s.candidates[0].technicianId),
      s.accessCode,
    );
    expect(login.status).toBe(200);
    const act = (i: number, body: object) =>
      api(
        base,
        'POST',
        `/api/sittings/${s.sittingId}/candidates/${s.candidates[i].id}/actions`,
        body,
        proctor.token,
      );
    expect((await act(0, { action: 'admit', reason: '核验身份证无误' })).status).toBe(200);
    expect((await act(1, { action: 'warn', reason: '请勿交头接耳' })).status).toBe(200);
  });
  afterAll(() => t.close());

  it('reads each row as a sentence naming the proctor and the candidate with the ticket, in Beijing time', async () => {
    const r = await search({ actor: `user:${proctor.id}` });
    expect(r.status).toBe(200);
    expect(r.body.rows.every((x) => x.actor === `user:${proctor.id}`)).toBe(true);
    const admit = r.body.rows.find((x) => x.action === 'proctor.admit')!;
    const at = (await t.ds.getRepository(AuditEntry).findOneByOrFail({ seq: admit.seq })).at;
    const expectedTime = new Date(at.getTime() + 8 * 3600 * 1000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    expect(admit.sentence).toBe(
      `${expectedTime} 监考员 监考wangwu 准许考生 ${names[0]}（票号 ${s.candidates[0].ticketNumber}）入场，理由：核验身份证无误`,
    );
    expect(admit.atBeijing.slice(0, 16)).toBe(expectedTime);
    const warn = r.body.rows.find((x) => x.action === 'proctor.warn')!;
    expect(warn.sentence).toContain(`警告考生 ${names[1]}（票号 ${s.candidates[1].ticketNumber}）`);
    // The raw record stays available behind 详情.
    expect(JSON.parse(admit.details)).toMatchObject({ reason: '核验身份证无误' });
    // The candidate's own sign-in names the candidate as the actor.
    const own = await search({ actor: `candidate:${s.candidates[0].id}` });
    expect(own.body.rows.map((x) => x.action)).toEqual(['candidate.login']);
    expect(own.body.rows[0].actorName).toBe(`考生 ${names[0]}（票号 ${s.candidates[0].ticketNumber}）`);
  });

  it('finds rows by a person’s name, a ticket number, the words of the action, a kind prefix and a date range', async () => {
    const byName = await search({ q: names[0] });
    expect(byName.body.rows.map((x) => x.action).sort()).toEqual(['candidate.login', 'proctor.admit']);
    const byTicket = await search({ q: s.candidates[1].ticketNumber });
    expect(byTicket.body.rows.map((x) => x.action)).toContain('proctor.warn');
    const byWords = await search({ q: '警告' });
    expect(byWords.body.rows.map((x) => x.action)).toEqual(['proctor.warn']);
    const byReason = await search({ q: '交头接耳' });
    expect(byReason.body.total).toBe(1);
    const proctorKinds = await search({ action: 'proctor.' });
    expect(proctorKinds.body.rows.map((x) => x.action).sort()).toEqual(['proctor.admit', 'proctor.warn']);
    const exact = await search({ action: 'proctor.warn' });
    expect(exact.body.total).toBe(1);

    const all = await search({});
    const today = beijingDay(Date.now());
    const tomorrow = beijingDay(Date.now() + 24 * 3600 * 1000);
    const yesterday = beijingDay(Date.now() - 24 * 3600 * 1000);
    expect((await search({ from: today, to: today })).body.total).toBe(all.body.total);
    expect((await search({ from: tomorrow })).body.total).toBe(0);
    expect((await search({ to: yesterday })).body.total).toBe(0);
  });

  it('pages newest first without overlap', async () => {
    const all = await search({ pageSize: 500 });
    expect(all.body.total).toBeGreaterThan(4);
    const p1 = await search({ page: 1, pageSize: 2 });
    const p2 = await search({ page: 2, pageSize: 2 });
    expect(p1.body.total).toBe(all.body.total);
    expect([...p1.body.rows, ...p2.body.rows].map((x) => x.seq)).toEqual(
      all.body.rows.slice(0, 4).map((x) => x.seq),
    );
    expect(all.body.rows.map((x) => x.seq)).toEqual(
      [...all.body.rows.map((x) => x.seq)].sort((a, b) => b - a),
    );
  });

  it('exports the filtered list as Excel, and the export is audited with its filter', async () => {
    const res = await fetch(`${base}/api/audit/export.xlsx?action=proctor.`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('审计日志.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('审计日志')!;
    expect(ws.getCell('A1').text).toContain('北京时间');
    const data = ws.getSheetValues().slice(3) as unknown[][];
    expect(data.map((r) => r[5]).sort()).toEqual(['proctor.admit', 'proctor.warn']);
    expect(data.find((r) => r[5] === 'proctor.admit')![4]).toBe(
      `准许考生 ${names[0]}（票号 ${s.candidates[0].ticketNumber}）入场，理由：核验身份证无误`,
    );
    const recorded = await search({ action: 'audit.export' });
    expect(recorded.body.total).toBe(1);
    expect(JSON.parse(recorded.body.rows[0].details)).toMatchObject({ rows: 2, action: 'proctor.' });
    expect(recorded.body.rows[0].sentence).toContain('导出审计日志 Excel（2 条');
  });

  it('refuses a malformed date in Chinese, and anyone but an administrator', async () => {
    const bad = await search({ from: '2026-1-1' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('起始日期格式应为 YYYY-MM-DD');
    expect((await search({}, proctor.token)).status).toBe(403);
    const exp = await fetch(`${base}/api/audit/export.xlsx`, {
      headers: { authorization: `Bearer ${proctor.token}` },
    });
    expect(exp.status).toBe(403);
  });
});
