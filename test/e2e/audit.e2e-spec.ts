import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chainHash, GENESIS_HASH, keyedChainHash } from '../../src/audit/audit-chain';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditHead } from '../../src/audit/audit-head.entity';
import { AuditService } from '../../src/audit/audit.service';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { api, candidateLogin, seedSitting } from '../support/socket-helpers';
import { createTestApp, TEST_ADMIN, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, seedCampaign } from './scoring-fixture';

/** `npm run audit:verify` against the test database, as an operator would run it. */
function auditVerify(t: TestApp, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/audit-verify.ts', ...args], {
      cwd: join(__dirname, '../..'),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        SQLITE_PATH: t.db.sqlitePath,
        ...(t.db.url ? { DATABASE_URL: t.db.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, out }));
  });
}

describe.each(databasesUnderTest())('audit trail on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(kind, 'audit', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '6',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    admin = await t.login();
  });

  const rows = () => t.ds.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
  const verify = async (anchor?: string) =>
    (
      await api<{ ok: boolean; seq?: number; reason?: string; rows?: number }>(
        base,
        'GET',
        `/api/audit/verify${anchor ? `?anchor=${anchor}` : ''}`,
        undefined,
        admin,
      )
    ).body;

  it('records staff sign-ins and failed ones (name and address, never the password)', async () => {
    const secret = 'not-the-password-9';
    expect(
      (await api(base, 'POST', '/api/auth/login', { username: TEST_ADMIN.username, password: secret }))
        .status,
    ).toBe(401);
    expect(
      (await api(base, 'POST', '/api/auth/login', { username: 'nobody', password: secret })).status,
    ).toBe(401);
    const all = await rows();
    const logins = all.filter((r) => r.action === 'auth.login');
    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({ actor: expect.stringMatching(/^user:\d+$/) });
    expect(JSON.parse(logins[0].details)).toEqual({ ip: '127.0.0.1' });
    const failed = all.filter((r) => r.action === 'auth.login-failed').map((r) => JSON.parse(r.details));
    expect(failed).toEqual([
      { username: TEST_ADMIN.username, ip: '127.0.0.1', reason: 'bad-password' },
      { username: 'nobody', ip: '127.0.0.1', reason: 'unknown-user' },
    ]);
    expect(all.filter((r) => r.action === 'auth.login-failed').map((r) => r.actor)).toEqual([
      'anonymous',
      'anonymous',
    ]);
    expect(JSON.stringify(all)).not.toContain(secret);
    expect(JSON.stringify(all)).not.toContain(TEST_ADMIN.password);
    expect(await verify()).toMatchObject({ ok: true, rows: all.length });
  });

  it('records candidate sign-ins', async () => {
    const s = await seedSitting(base, admin, { campaignId: 41, durationSeconds: 900 });
    const c = s.candidates[0];
    const login = await candidateLogin(base, c.ticketNumber, simpleIdNumber(c.technicianId), s.accessCode);
    expect(login.status).toBe(200);
    const signIns = (await rows()).filter((r) => r.action === 'candidate.login');
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({ actor: `candidate:${c.id}`, target: `candidate:${c.id}` });
    expect(JSON.parse(signIns[0].details)).toMatchObject({ sittingId: s.sittingId, ip: '127.0.0.1' });
  });

  it('records every export carrying full ID numbers: the roster and results.xlsx', async () => {
    const fx = await seedCampaign(t, admin);
    const auth = { authorization: `Bearer ${admin}` };
    await t.http().get('/api/roster/export').set(auth).expect(200);
    await t.http().get(`/api/scoring/campaigns/${fx.campaignId}/exports/results.xlsx`).set(auth).expect(200);
    const all = await rows();
    const roster = all.filter((r) => r.action === 'roster.export');
    expect(roster).toHaveLength(1);
    expect(roster[0].actor).toMatch(/^user:\d+$/);
    expect(JSON.parse(roster[0].details)).toEqual({ technicians: fx.rosterIdNumbers.length });
    const results = all.filter((r) => r.action === 'results.export');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ target: `campaign:${fx.campaignId}` });
    expect(JSON.parse(results[0].details)).toEqual({ candidates: expect.any(Number) });
  });

  it('fails verification when the newest rows are deleted (API and npm run audit:verify)', async () => {
    for (const n of [1, 2, 3]) {
      await api(base, 'POST', '/api/auth/login', { username: `x${n}`, password: 'wrong-password' });
    }
    const before = await auditVerify(t);
    expect(before.code).toBe(0);
    expect(before.out).toMatch(/^OK: 5 audit records, chain intact\nhead: 5:[0-9a-f]{64}\n$/);

    const newest = Math.max(...(await rows()).map((r) => r.seq));
    await t.ds.getRepository(AuditEntry).delete({ seq: newest });
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('newest rows') });
    const after = await auditVerify(t);
    expect(after.code).toBe(1);
    expect(after.out).toContain('MISMATCH');
  }, 60_000);

  it('fails verification of a chain re-hashed without the key', async () => {
    await api(base, 'POST', '/api/auth/login', { username: 'intruder', password: 'wrong-password' });
    const original = await rows();
    expect(original.length).toBeGreaterThanOrEqual(3);
    const rewrite = async (hashOf: (prev: string, r: AuditEntry) => string, alg: AuditEntry['alg']) => {
      let prev = GENESIS_HASH;
      for (const r of original) {
        // The intruder edits a failed sign-in away and re-links everything after it.
        const target = r.action === 'auth.login-failed' ? 'user:unknown-edited' : r.target;
        const row = { ...r, target, prevHash: prev };
        const hash = hashOf(prev, { ...row, at: r.at.toISOString() } as unknown as AuditEntry);
        await t.ds.getRepository(AuditEntry).update({ seq: r.seq }, { target, prevHash: prev, hash, alg });
        prev = hash;
      }
      await t.ds.getRepository(AuditHead).update({ id: 1 }, { seq: original.length, hash: prev });
    };
    const content = (r: AuditEntry) => ({ ...r, at: r.at as unknown as string });
    // Plain SHA-256, as the chain was before it was keyed.
    await rewrite((prev, r) => chainHash(prev, content(r)), 'sha256');
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('not keyed') });
    expect((await auditVerify(t)).code).toBe(1);
    // HMAC with a key of the intruder's choosing.
    await rewrite((prev, r) => keyedChainHash(Buffer.from('i'.repeat(48)), prev, content(r)), 'hmac-sha256');
    expect(await verify()).toMatchObject({ ok: false, seq: 1 });
    expect((await auditVerify(t)).code).toBe(1);
  }, 60_000);

  it('publishes the head; a copy of it catches a truncation that rewrote the head too', async () => {
    await api(base, 'POST', '/api/auth/login', { username: 'a1', password: 'wrong-password' });
    const head = await api<{ seq: number; hash: string; at: string }>(base, 'GET', '/api/public/audit/head');
    expect(head.status).toBe(200);
    expect(head.body).toMatchObject({ seq: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const anchor = `${head.body.seq}:${head.body.hash}`;
    await api(base, 'POST', '/api/auth/login', { username: 'a2', password: 'wrong-password' });
    expect(await verify(anchor)).toMatchObject({ ok: true, rows: 4, anchors: 1 });
    expect((await auditVerify(t, ['--anchor', anchor])).code).toBe(0);

    // Rows 2..4 deleted and the head set back to row 1: consistent inside the database …
    const first = (await rows())[0];
    await t.ds.createQueryBuilder().delete().from(AuditEntry).where('seq > :s', { s: 1 }).execute();
    await t.ds.getRepository(AuditHead).update({ id: 1 }, { seq: 1, hash: first.hash });
    expect(await verify()).toMatchObject({ ok: true, rows: 1 });
    // … but not with the copy printed before.
    expect(await verify(anchor)).toMatchObject({ ok: false, seq: 3 });
    const r = await auditVerify(t, [`--anchor=${anchor}`]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('newest rows were removed');
    expect((await auditVerify(t, ['--anchor', '3:zz'])).code).toBe(2);
  }, 60_000);

  it('prints the audit row of the draw and of each publication on the public documents, where they later serve as anchors', async () => {
    const fx = await seedCampaign(t, admin);
    const record = await t.http().get(`/api/public/campaigns/${fx.campaignId}/draw-record`).expect(200);
    const drawAnchor = (record.body as { auditHead: string }).auditHead;
    expect(drawAnchor).toMatch(/^\d+:([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    const drawRow = await t.ds
      .getRepository(AuditEntry)
      .findOneByOrFail({ seq: Number(drawAnchor.split(':')[0]) });
    expect(drawRow).toMatchObject({ action: 'campaign.draw', target: `campaign:${fx.campaignId}` });
    for (const c of fx.candidates) {
      await addAttempt(t, c, new Map(c.paper.questions.map((q) => [q.questionId, q.key])), 'submitted');
    }
    const auth = { authorization: `Bearer ${admin}` };
    await t.http().post(`/api/publication/campaigns/${fx.campaignId}/publish`).set(auth).send({}).expect(201);
    const notice = await t.http().get(`/api/public/results/${fx.campaignId}`).expect(200);
    const printed = (notice.body as { auditHead: string }).auditHead;
    expect(printed).toMatch(/^\d+:([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    expect(notice.body.versions).toEqual([expect.objectContaining({ version: 1, auditHead: printed })]);
    const seq = Number(printed.split(':')[0]);
    const row = await t.ds.getRepository(AuditEntry).findOneByOrFail({ seq });
    expect(row).toMatchObject({
      action: 'publication.publish',
      hash: printed.split(':')[1].replace(/ /g, ''),
    });
    // Later acts do not invalidate the printed copy; it is checked as printed, spaces and all.
    await api(base, 'POST', '/api/auth/login', { username: 'later', password: 'wrong-password' });
    expect(await verify(encodeURIComponent(printed))).toMatchObject({ ok: true, anchors: 1 });
    const both = await auditVerify(t, ['--anchor', printed, '--anchor', drawAnchor]);
    expect(both).toMatchObject({ code: 0, out: expect.stringContaining('2 anchor(s) found unchanged') });
    // The publication's row and everything after it removed, the head set back: only the copy notices.
    const before = await t.ds.getRepository(AuditEntry).findOneByOrFail({ seq: seq - 1 });
    await t.ds.createQueryBuilder().delete().from(AuditEntry).where('seq >= :seq', { seq }).execute();
    await t.ds.getRepository(AuditHead).update({ id: 1 }, { seq: before.seq, hash: before.hash });
    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify(encodeURIComponent(printed))).toMatchObject({ ok: false, seq });
  }, 90_000);

  it('group-commits concurrent records; one that cannot be written fails alone', async () => {
    const audit = t.app.get(AuditService);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const results = await Promise.allSettled([
      audit.record('system', { action: 'test.ok', target: 'n:1' }),
      audit.record('system', { action: 'test.bad', target: 'n:2', details: circular }),
      audit.record('system', { action: 'test.ok', target: 'n:3' }),
      audit.record('system', { action: 'test.ok', target: 'n:4' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await rows()).filter((r) => r.action === 'test.ok').map((r) => r.target)).toEqual([
      'n:1',
      'n:3',
      'n:4',
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('keeps a chain written before the key verifiable, sealed by a keyed row at the next start', async () => {
    // Rows as the unkeyed chain wrote them.
    await t.ds.getRepository(AuditEntry).clear();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const at = new Date(Date.UTC(2026, 5, 1, 8, 0, seq));
      const content = {
        seq,
        at: at.toISOString(),
        actor: 'system',
        action: 'test.before-key',
        target: `n:${seq}`,
        details: '{}',
      };
      const hash = chainHash(prev, content);
      await t.ds.getRepository(AuditEntry).insert({ ...content, at, prevHash: prev, hash, alg: 'sha256' });
      prev = hash;
    }
    await t.ds.getRepository(AuditHead).update({ id: 1 }, { seq: 3, hash: prev });
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('not keyed') });
    await t.app.get(AuditService).onApplicationBootstrap();
    expect(await verify()).toMatchObject({ ok: true, rows: 4, unkeyedRows: 3 });
    expect((await rows())[3]).toMatchObject({ action: 'audit.keyed', alg: 'hmac-sha256' });
  });
});
