import { JwtService } from '@nestjs/jwt';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

describe.each(databasesUnderTest())('platform on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, 'platform');
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('has a migrated schema that matches the entities (nothing pending)', async () => {
    const pending = await t.ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await t.ds.showMigrations()).toBe(false);
  });

  it('serves liveness, readiness and the OpenAPI document', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
    const doc = await t.http().get('/api/docs/json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/auth/login');
  });

  it('sets security headers and a request id', async () => {
    const res = await t.http().get('/health').set('x-request-id', 'req-abc').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('creates the administrator on first start and signs them in', async () => {
    const token = await t.login();
    const me = await t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin', active: true });
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const a = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'nope-nope' })
      .expect(401);
    const b = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'ghost', password: 'nope-nope' })
      .expect(401);
    expect(a.body.message).toBe(b.body.message);
  });

  it('rejects unknown and missing fields with the field named', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'x', extra: 1 })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('extra');
    const res2 = await t.http().post('/api/auth/login').send({ username: 'admin' }).expect(400);
    expect(JSON.stringify(res2.body.message)).toContain('密码');
  });

  it('lets an administrator create a proctor, whom the roles guard keeps out of admin routes', async () => {
    const admin = await t.login();
    await t.http().get('/api/users').expect(401);
    const created = await t
      .http()
      .post('/api/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'proctor1', displayName: '李监考', role: 'proctor', password: 'proctor-pass-1' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'proctor1', role: 'proctor' });
    const proctor = await t.login('proctor1', 'proctor-pass-1');
    await t.http().get('/api/users').set('authorization', `Bearer ${proctor}`).expect(403);
    await t.http().get('/api/auth/me').set('authorization', `Bearer ${proctor}`).expect(200);
    await t
      .http()
      .post('/api/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'proctor1', displayName: 'x', role: 'proctor', password: 'proctor-pass-1' })
      .expect(409);
  });

  it('refreshes a staff token until the password is changed or the account deactivated', async () => {
    const admin = await t.login();
    await t
      .http()
      .post('/api/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'proctor1', displayName: '李监考', role: 'proctor', password: 'proctor-pass-1' })
      .expect(201);
    const first = await t.login('proctor1', 'proctor-pass-1');
    const refreshed = await t
      .http()
      .post('/api/auth/refresh')
      .set('authorization', `Bearer ${first}`)
      .expect(200);
    expect(refreshed.body).toMatchObject({
      expiresIn: t.env.JWT_TTL_SECONDS,
      user: { username: 'proctor1' },
    });
    const second: string = refreshed.body.accessToken;
    await t.http().get('/api/auth/me').set('authorization', `Bearer ${second}`).expect(200);
    // The refreshed token keeps the original sign-in time, so refreshing cannot outlive the session limit.
    const claims = (tok: string) => JSON.parse(Buffer.from(tok.split('.')[1], 'base64url').toString());
    expect(claims(second).auth).toBe(claims(first).auth);

    await t.http().post('/api/auth/refresh').expect(401);
    await t.http().post('/api/auth/refresh').set('authorization', 'Bearer not-a-token').expect(401);

    const users = await t.http().get('/api/users').set('authorization', `Bearer ${admin}`).expect(200);
    const id = (users.body as Array<{ id: number; username: string }>).find(
      (u) => u.username === 'proctor1',
    )!.id;
    await t
      .http()
      .patch(`/api/users/${id}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ password: 'proctor-pass-2' })
      .expect(200);
    await t.http().post('/api/auth/refresh').set('authorization', `Bearer ${second}`).expect(401);

    const third = await t.login('proctor1', 'proctor-pass-2');
    await t.http().post('/api/auth/refresh').set('authorization', `Bearer ${third}`).expect(200);
    await t
      .http()
      .patch(`/api/users/${id}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ active: false })
      .expect(200);
    await t.http().post('/api/auth/refresh').set('authorization', `Bearer ${third}`).expect(401);
  });

  it('refuses to refresh a candidate token', async () => {
    const jwt = t.app.get(JwtService);
    const candidate = jwt.sign({ kind: 'candidate', sub: 1, sit: 1, att: null });
    await t.http().post('/api/auth/refresh').set('authorization', `Bearer ${candidate}`).expect(403);
  });

  it('stores argon2 hashes, never passwords', async () => {
    const rows: Array<{ password_hash: string }> = await t.ds.query('SELECT password_hash FROM users');
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('keeps a tamper-evident audit chain that detects an edited row', async () => {
    const admin = await t.login();
    for (const n of [1, 2, 3]) {
      await t
        .http()
        .post('/api/users')
        .set('authorization', `Bearer ${admin}`)
        .send({
          username: `proctor${n}`,
          displayName: `监考${n}`,
          role: 'proctor',
          password: 'proctor-pass-1',
        })
        .expect(201);
    }
    const ok = await t.http().get('/api/audit/verify').set('authorization', `Bearer ${admin}`).expect(200);
    // The bootstrap admin, the sign-in, three accounts (sign-ins are audited too).
    expect(ok.body).toMatchObject({ ok: true, rows: 5 });
    await t.ds.getRepository(AuditEntry).update({ seq: 3 }, { target: 'user:999' });
    const bad = await t.http().get('/api/audit/verify').set('authorization', `Bearer ${admin}`).expect(200);
    expect(bad.body).toMatchObject({ ok: false, seq: 3 });
  });

  it('appends concurrent audit records without gaps or forks', async () => {
    const { AuditService } = await import('../../src/audit/audit.service');
    const audit = t.app.get(AuditService);
    const before = await t.ds.getRepository(AuditEntry).count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.record('system', { action: 'test.concurrent', target: `n:${i}` }),
      ),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, rows: before + 20 });
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', 'ratelimit', { LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 after the configured number of attempts per minute', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'admin', password: 'wrong-password' });
      codes.push(res.status);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('is not reset by a forged X-Forwarded-For when no proxy is trusted', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('x-forwarded-for', '203.0.113.77')
      .send({ username: 'admin', password: 'wrong-password' });
    expect(res.status).toBe(429);
  });
});

describe('behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', 'ratelimit_proxy', {
      LOGIN_RATE_LIMIT: '2',
      TRUST_PROXY: '127.0.0.1,::1',
    });
  });
  afterAll(() => t.close());

  it('counts each client address the proxy reports', async () => {
    const from = (ip: string) =>
      t
        .http()
        .post('/api/auth/login')
        .set('x-forwarded-for', ip)
        .send({ username: 'admin', password: 'wrong-password' })
        .then((r) => r.status);
    expect([await from('198.51.100.1'), await from('198.51.100.1'), await from('198.51.100.1')]).toEqual([
      401, 401, 429,
    ]);
    expect(await from('198.51.100.2')).toBe(401);
  });
});
