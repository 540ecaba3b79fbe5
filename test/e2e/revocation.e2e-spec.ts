import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { ChildServer, startChildServer } from '../support/child-server';
import { REDIS_TEST_URL, itWithCluster } from '../support/redis';
import {
  api,
  ask,
  candidateLogin,
  connectProctor,
  createProctor,
  disconnected,
  seedSitting,
  staffLogin,
} from '../support/socket-helpers';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, databasesUnderTest, openTestDataSource } from '../support/test-db';

/**
 * A proctor whose account is deactivated, whose password is changed or whose role is changed loses access on
 * the very next request, and their open /proctor sockets are closed at once.
 */
describe.each(databasesUnderTest())('revoked staff on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let campaign = 300;

  beforeAll(async () => {
    t = await createTestApp(kind, 'revocation', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '6',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    campaign += 1;
  });

  /** A proctor of a fresh sitting, with a watching socket; their token reads the live view and access code. */
  async function watchingProctor() {
    const p = await createProctor(base, admin, `rv${campaign}`);
    const s = await seedSitting(base, admin, {
      campaignId: campaign,
      durationSeconds: 900,
      proctorIds: [p.id],
    });
    expect((await api(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, p.token)).status).toBe(
      200,
    );
    const code = await api<{ accessCode: string }>(
      base,
      'POST',
      `/api/sittings/${s.sittingId}/access-code/reveal`,
      undefined,
      p.token,
    );
    expect(code.status).toBe(200);
    expect(code.body.accessCode).toBe(s.accessCode);
    const sock = await connectProctor(base, p.token);
    expect(sock.error).toBeNull();
    expect(await ask(sock.socket, 'sitting.watch', { sittingId: s.sittingId })).toMatchObject({ ok: true });
    return { p, s, sock };
  }

  async function refusedEverywhere(token: string, sittingId: number) {
    expect((await api(base, 'GET', `/api/sittings/${sittingId}/live`, undefined, token)).status).toBe(401);
    expect(
      (await api(base, 'POST', `/api/sittings/${sittingId}/access-code/reveal`, undefined, token)).status,
    ).toBe(401);
    expect((await api(base, 'GET', '/api/auth/me', undefined, token)).status).toBe(401);
    expect((await api(base, 'POST', '/api/auth/refresh', undefined, token)).status).toBe(401);
    // A new socket with the old token is told and dropped before it can watch.
    const again = await connectProctor(base, token);
    expect(again.error).toMatchObject({ code: 'revoked' });
    await disconnected(again.socket);
  }

  it('deactivation: the next request is refused and the open socket is closed', async () => {
    const { p, s, sock } = await watchingProctor();
    const told = sock.next('proctor.error');
    const closed = disconnected(sock.socket);
    const r = await api(base, 'PATCH', `/api/users/${p.id}`, { active: false }, admin);
    expect(r.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect(await told).toMatchObject({ code: 'revoked' });
    await refusedEverywhere(p.token, s.sittingId);
    // Reactivated, the old token stays dead; a new sign-in works.
    expect((await api(base, 'PATCH', `/api/users/${p.id}`, { active: true }, admin)).status).toBe(200);
    expect((await api(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, p.token)).status).toBe(
      401,
    );
    const fresh = await staffLogin(base, `rv${campaign}`, 'proctor-pass-1');
    expect((await api(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, fresh)).status).toBe(200);
  });

  it('password change: the old token is refused and its socket closed; the new password signs in', async () => {
    const { p, s, sock } = await watchingProctor();
    const closed = disconnected(sock.socket);
    expect(
      (await api(base, 'PATCH', `/api/users/${p.id}`, { password: 'new-proctor-pass-2' }, admin)).status,
    ).toBe(200);
    expect(await closed).toBe('io server disconnect');
    await refusedEverywhere(p.token, s.sittingId);
    const fresh = await staffLogin(base, `rv${campaign}`, 'new-proctor-pass-2');
    const sock2 = await connectProctor(base, fresh);
    expect(sock2.error).toBeNull();
    expect(await ask(sock2.socket, 'sitting.watch', { sittingId: s.sittingId })).toMatchObject({ ok: true });
    sock2.close();
  });

  it('role change: a proctor made administrator must sign in again; a candidate warning is refused', async () => {
    const { p, s, sock } = await watchingProctor();
    const login = await candidateLogin(
      base,
      s.candidates[0].ticketNumber,
      simpleIdNumber(s.candidates[0].technicianId),
      s.accessCode,
    );
    expect(login.status).toBe(200);
    const closed = disconnected(sock.socket);
    expect((await api(base, 'PATCH', `/api/users/${p.id}`, { role: 'admin' }, admin)).status).toBe(200);
    await closed;
    const warn = await api(
      base,
      'POST',
      `/api/sittings/${s.sittingId}/candidates/${s.candidates[0].id}/actions`,
      { action: 'warn', reason: '东张西望' },
      p.token,
    );
    expect(warn.status).toBe(401);
    // An administrator cannot change their own role or deactivate themselves.
    const me = await api<{ id: number }>(base, 'GET', '/api/auth/me', undefined, admin);
    expect((await api(base, 'PATCH', `/api/users/${me.body.id}`, { role: 'proctor' }, admin)).status).toBe(
      409,
    );
  });

  it('a display-name change keeps the proctor signed in', async () => {
    const { p, s, sock } = await watchingProctor();
    expect((await api(base, 'PATCH', `/api/users/${p.id}`, { displayName: '王监考' }, admin)).status).toBe(
      200,
    );
    expect((await api(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, p.token)).status).toBe(
      200,
    );
    expect(sock.socket.connected).toBe(true);
    sock.close();
  });
});

/** Two processes sharing MariaDB and Redis: the change made through node A ends the proctor's access on B. */
describe('revocation across two nodes', () => {
  const nodes: ChildServer[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  itWithCluster('closes the socket held on the other node and refuses the token there at once', async () => {
    const db = await createTestDatabase('mysql', 'revocation_two_nodes');
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: REDIS_TEST_URL,
      SOCKET_IO_REDIS_KEY: `choukao-revocation-${process.pid}`,
      JWT_SECRET: 'two-node-secret-two-node-secret-0123456',
      ADMIN_PASSWORD: 'admin-password-1',
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '6',
      LOG_LEVEL: 'error',
    };
    await (await openTestDataSource(db)).destroy();
    const [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
    nodes.push(a, b);

    const admin = await staffLogin(a.url, 'admin', 'admin-password-1');
    const p = await createProctor(a.url, admin, 'proctor-two');
    const s = await seedSitting(a.url, admin, { campaignId: 7, durationSeconds: 900, proctorIds: [p.id] });
    // B has served the token (and cached the account as active) before the change.
    expect((await api(b.url, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, p.token)).status).toBe(
      200,
    );
    const onB = await connectProctor(b.url, p.token);
    expect(onB.error).toBeNull();
    expect(await ask(onB.socket, 'sitting.watch', { sittingId: s.sittingId })).toMatchObject({ ok: true });

    const closed = disconnected(onB.socket);
    expect((await api(a.url, 'PATCH', `/api/users/${p.id}`, { active: false }, admin)).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect((await api(b.url, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, p.token)).status).toBe(
      401,
    );
    expect(
      (await api(b.url, 'POST', `/api/sittings/${s.sittingId}/access-code/reveal`, undefined, p.token))
        .status,
    ).toBe(401);
    const again = await connectProctor(b.url, p.token);
    expect(again.error).toMatchObject({ code: 'revoked' });
  });
});
