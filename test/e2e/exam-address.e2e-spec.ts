import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { api, seedSitting } from '../support/socket-helpers';

/** 系统设置 → 考试地址: set once by an administrator, printed on every ticket, shown to proctors. */
describe.each(databasesUnderTest())('the exam address on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let proctor: string;

  beforeAll(async () => {
    t = await createTestApp(kind, 'exam_address', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      EXAM_LOGIN_URL: 'https://env.example.cn/exam',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await t.reset();
    admin = await t.login();
    await t
      .http()
      .post('/api/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'proctor1', displayName: '李监考', role: 'proctor', password: 'proctor-pass-1' })
      .expect(201);
    proctor = await t.login('proctor1', 'proctor-pass-1');
  });
  afterAll(() => t.close());

  const put = (token: string, examAddress: unknown) =>
    api<Record<string, unknown>>(base, 'PUT', '/api/settings/exam-address', { examAddress }, token);
  const get = (token: string) =>
    api<Record<string, unknown>>(base, 'GET', '/api/settings/exam-address', undefined, token);

  it('starts from EXAM_LOGIN_URL, is changed by administrators only, audited, and printed on the tickets', async () => {
    const initial = await get(admin);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({
      url: 'https://env.example.cn/exam',
      source: 'environment',
      stored: null,
      environmentDefault: 'https://env.example.cn/exam',
    });

    // Refused with a reason in Chinese, nothing stored.
    for (const [bad, says] of [
      ['ftp://10.1.2.3/exam', 'http:// 或 https://'],
      ['exam.example.cn', 'http:// 或 https://'],
      ['http://10.1.2.3/exam?x=1', '参数'],
      ['http://user:pw@10.1.2.3/exam', '用户名或密码'],
      ['http://10.1.2.3/ exam', '空格'],
    ] as const) {
      const r = await put(admin, bad);
      expect(r.status).toBe(422);
      expect(String(r.body.message)).toContain(says);
    }
    const notText = await put(admin, 42);
    expect(notText.status).toBe(400);
    expect(String(notText.body.message)).toContain('考试地址');
    // A proctor reads it (the console shows it) but cannot change it; a stranger reads nothing.
    expect((await put(proctor, 'http://10.9.9.9/exam')).status).toBe(403);
    expect((await get(proctor)).body.url).toBe('https://env.example.cn/exam');
    expect((await get('')).status).toBe(401);
    expect(await t.ds.getRepository(AuditEntry).count({ where: { action: 'settings.exam-address' } })).toBe(
      0,
    );

    // Only the host given: the candidates' page is added.
    const set = await put(admin, '  http://192.168.10.5:3000  ');
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      url: 'http://192.168.10.5:3000/exam',
      source: 'settings',
      stored: 'http://192.168.10.5:3000/exam',
      updatedBy: expect.stringMatching(/^user:\d+$/),
    });
    expect(set.body.warning).toBeUndefined();
    expect((await get(proctor)).body).toMatchObject({
      url: 'http://192.168.10.5:3000/exam',
      source: 'settings',
    });
    // Saving the same address again changes and audits nothing.
    expect((await put(admin, 'http://192.168.10.5:3000/exam')).status).toBe(200);
    const audits = await t.ds.getRepository(AuditEntry).find({ where: { action: 'settings.exam-address' } });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0].details)).toMatchObject({ from: null, to: 'http://192.168.10.5:3000/exam' });

    // The tickets print it, whatever address the administrator's browser used, with its QR code.
    const s = await seedSitting(base, admin, { campaignId: 1, durationSeconds: 600 });
    const page = await t
      .http()
      .get(`/api/sittings/${s.sittingId}/tickets`)
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(page.text).toContain('http://192.168.10.5:3000/exam');
    expect(page.text).not.toContain('env.example.cn');
    expect(page.text).not.toContain('只能在服务器本机打开');
    expect(page.text.match(/<svg/g)?.length).toBe(s.candidates.length);

    // A local address is accepted with a warning (a stand-alone room may use the server's own screen),
    // and the tickets carry that warning.
    const local = await put(admin, 'http://127.0.0.1:3000/exam');
    expect(local.status).toBe(200);
    expect(String(local.body.warning)).toContain('只能在服务器本机打开');
    const warned = await t
      .http()
      .get(`/api/sittings/${s.sittingId}/tickets`)
      .set('host', 'exam.linyi.cn')
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(warned.text).toContain('http://127.0.0.1:3000/exam');
    expect(warned.text).toContain('只能在服务器本机打开');

    // An empty address goes back to the environment's default; every change is in the audit log.
    const cleared = await put(admin, '');
    expect(cleared.body).toMatchObject({
      url: 'https://env.example.cn/exam',
      source: 'environment',
      stored: null,
    });
    const all = await t.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'settings.exam-address' }, order: { seq: 'ASC' } });
    expect(all.map((a) => (JSON.parse(a.details) as { to: string | null }).to)).toEqual([
      'http://192.168.10.5:3000/exam',
      'http://127.0.0.1:3000/exam',
      null,
    ]);
  });
});
