import { trimOversizedEventDetails } from '../../migrations/1764300006200-candidate-event-rates';
import type { LiveEvent } from '../../src/proctoring/live-row';
import { ProctoringEvent } from '../../src/proctoring/proctoring-event.entity';
import { CANDIDATE_EVENTS_PER_MINUTE } from '../../src/proctoring/proctoring-events.service';
import { BAD_LOGIN } from '../../src/sessions/candidate-auth.service';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import type { ReportAck } from '../../src/sessions/exam-socket.types';
import {
  api,
  ask,
  candidateLogin,
  connectExam,
  createProctor,
  seedSitting,
  SeededSitting,
} from '../support/socket-helpers';

/*
 * Issue 14 items 4 and 7 at the API: the candidate's event reports (schema, size, rate, superseded logins,
 * pages), candidate login without an oracle, admission tickets' refusals, hostile YAML uploads and text that is
 * not well-formed Unicode.
 */
describe.each(databasesUnderTest())('hardening on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let campaign = 100;

  beforeAll(async () => {
    t = await createTestApp(kind, 'hardening', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '3',
      SESSIONS_SIMPLE_QUESTIONS: '6',
      PROCTOR_VIEW_FLUSH_MS: '50',
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

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const idOf = (s: SeededSitting, i: number) => simpleIdNumber(s.candidates[i].technicianId);
  async function signedIn(s: SeededSitting, i: number): Promise<string> {
    const r = await candidateLogin(base, s.candidates[i].ticketNumber, idOf(s, i), s.accessCode);
    expect(r.status).toBe(200);
    return r.token;
  }
  const report = (token: string, body: unknown) =>
    t
      .http()
      .post('/api/exam/events')
      .set(bearer(token))
      .send(body as object);
  const storedOf = (sittingCandidateId: number) =>
    t.ds.getRepository(ProctoringEvent).find({ where: { sittingCandidateId }, order: { id: 'ASC' } });

  describe('candidate event reports', () => {
    it('takes only the fields of the kind, small, and refuses a large body before reading it', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      const token = await signedIn(s, 0);

      await report(token, { kind: 'paste', details: { length: 12 } }).expect(200);
      await report(token, { kind: 'blur' }).expect(200);

      const unknownField = await report(token, { kind: 'blur', details: { html: '<img>' } });
      expect(unknownField.status).toBe(400);
      expect(JSON.stringify(unknownField.body)).toContain('details.html');

      const wrongType = await report(token, { kind: 'paste', details: { length: 'a lot' } });
      expect(wrongType.status).toBe(400);
      expect(JSON.stringify(wrongType.body)).toContain('details.length');

      const nested = await report(token, { kind: 'blur', details: { durationMs: { a: 1 } } });
      expect(nested.status).toBe(400);

      // Past the 2 KB cap on details, though well within the route's body limit.
      const big = await report(token, { kind: 'fullscreen-exit', details: { trigger: 'x'.repeat(3000) } });
      expect(big.status).toBe(400);

      // A 15 MB report (the audit's) is refused by the route's body limit, not stored.
      const huge = await report(token, {
        kind: 'blur',
        details: { durationMs: 1, pad: 'x'.repeat(15 * 1024 * 1024) },
      });
      expect(huge.status).toBe(413);

      const stored = (await storedOf(s.candidates[0].id)).filter((e) => e.source === 'candidate');
      expect(stored.map((e) => e.kind)).toEqual(['paste', 'blur']);
      expect(stored[0].details).toEqual({ length: 12 });
    });

    it('trims the oversized details of reports stored before the cap (the migration)', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      const repo = t.ds.getRepository(ProctoringEvent);
      const row = (details: Record<string, unknown>) => ({
        sittingId: s.sittingId,
        sittingCandidateId: s.candidates[0].id,
        attemptId: null,
        kind: 'blur' as const,
        source: 'candidate' as const,
        actorId: null,
        reason: null,
        details,
        clientAt: null,
        at: new Date(),
      });
      await repo.save(repo.create([row({ pad: 'x'.repeat(60_000) }), row({ durationMs: 5 })]));
      const q = t.ds.createQueryRunner();
      try {
        await trimOversizedEventDetails(q);
      } finally {
        await q.release();
      }
      const stored = await storedOf(s.candidates[0].id);
      expect(stored.map((e) => e.details)).toEqual([{ truncated: true }, { durationMs: 5 }]);
    });

    it('refuses a token superseded by a newer login', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      const older = await signedIn(s, 0);
      const newer = await signedIn(s, 0);
      const refused = await report(older, { kind: 'blur' });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'taken-over' });
      await report(newer, { kind: 'blur' }).expect(200);
      const kinds = (await storedOf(s.candidates[0].id)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'blur')).toHaveLength(1);
    });

    it('stores at most the per-minute limit, counts the excess and tells the proctor once', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      const token = await signedIn(s, 0);
      const other = await signedIn(s, 1);
      // The burst must fit in one minute of the server's clock.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000) {
        await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      }
      const statuses: number[] = [];
      for (let i = 0; i < CANDIDATE_EVENTS_PER_MINUTE + 5; i++) {
        statuses.push((await report(token, { kind: i % 2 ? 'focus' : 'blur' })).status);
      }
      expect(statuses.filter((x) => x === 200)).toHaveLength(CANDIDATE_EVENTS_PER_MINUTE);
      expect(statuses.slice(CANDIDATE_EVENTS_PER_MINUTE)).toEqual([429, 429, 429, 429, 429]);
      // Another candidate of the sitting is not affected.
      await report(other, { kind: 'blur' }).expect(200);

      const stored = await storedOf(s.candidates[0].id);
      const fromCandidate = stored.filter((e) => e.source === 'candidate');
      expect(fromCandidate).toHaveLength(CANDIDATE_EVENTS_PER_MINUTE);
      expect(stored.filter((e) => e.kind === 'events-dropped')).toHaveLength(1);

      const dropped = await api<Array<{ sittingCandidateId: number; dropped: number }>>(
        base,
        'GET',
        `/api/sittings/${s.sittingId}/events/dropped`,
        undefined,
        admin,
      );
      expect(dropped.body).toEqual([{ sittingCandidateId: s.candidates[0].id, dropped: 5 }]);
    });

    it('applies the same rules to reports over the socket', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      const token = await signedIn(s, 0);
      const c = await connectExam(base, token);
      try {
        const bad = await ask<ReportAck>(c.socket, 'proctoring.report', {
          kind: 'blur',
          details: { durationMs: 1, note: 'x'.repeat(100_000) },
        });
        expect(bad).toMatchObject({ ok: false, code: 'invalid-report' });
        const lone = await ask<ReportAck>(c.socket, 'proctoring.report', {
          kind: 'fullscreen-exit',
          details: { trigger: 'esc\ud800' },
        });
        expect(lone).toMatchObject({ ok: false, code: 'invalid-report' });
        expect((lone as { message: string }).message).toContain('details.trigger');
        const intoMinute = Date.now() % 60_000;
        if (intoMinute > 45_000) {
          await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
        }
        const acks: ReportAck[] = [];
        for (let i = 0; i < CANDIDATE_EVENTS_PER_MINUTE + 2; i++) {
          acks.push(await ask<ReportAck>(c.socket, 'proctoring.report', { kind: 'focus' }));
        }
        expect(acks.filter((a) => a.ok)).toHaveLength(CANDIDATE_EVENTS_PER_MINUTE);
        expect(acks.slice(-2)).toEqual([
          expect.objectContaining({ ok: false, code: 'rate-limited' }),
          expect.objectContaining({ ok: false, code: 'rate-limited' }),
        ]);
      } finally {
        c.close();
      }
      const stored = (await storedOf(s.candidates[0].id)).filter((e) => e.source === 'candidate');
      expect(stored).toHaveLength(CANDIDATE_EVENTS_PER_MINUTE);
    });

    it('lists the events page by page for the proctor', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      const a = await signedIn(s, 0);
      const b = await signedIn(s, 1);
      for (let i = 0; i < 6; i++) {
        // Kinds that no threshold counts, so that the log holds exactly these twelve.
        await report(a, { kind: 'focus' }).expect(200);
        await report(b, { kind: 'fullscreen-enter' }).expect(200);
      }
      const page = async (query: string) =>
        (
          await api<LiveEvent[]>(
            base,
            'GET',
            `/api/sittings/${s.sittingId}/events?${query}`,
            undefined,
            admin,
          )
        ).body;
      const all = await page('limit=100');
      expect(all).toHaveLength(12);
      const first = await page('limit=5');
      const second = await page(`limit=5&beforeId=${first[4].id}`);
      const third = await page(`limit=5&beforeId=${second[4].id}`);
      expect([...first, ...second, ...third].map((e) => e.id)).toEqual(all.map((e) => e.id));
      const ofA = await page(`candidateId=${s.candidates[0].id}`);
      expect(ofA.map((e) => e.kind)).toEqual(Array(6).fill('focus'));
      // A page never exceeds 200 rows, whatever is asked.
      const rows = Array.from({ length: 250 }, () => ({
        sittingId: s.sittingId,
        sittingCandidateId: s.candidates[2].id,
        attemptId: null,
        kind: 'blur' as const,
        source: 'candidate' as const,
        actorId: null,
        reason: null,
        details: null,
        clientAt: null,
        at: new Date(),
      }));
      await t.ds.getRepository(ProctoringEvent).insert(rows);
      expect(await page('limit=1000')).toHaveLength(200);
    });
  });

  describe('candidate login', () => {
    it('answers a right ticket and ID number before the code is revealed exactly like wrong ones', async () => {
      const now = Date.now();
      const created = await api<{ id: number }>(
        base,
        'POST',
        '/api/sittings',
        {
          campaignId: campaign,
          name: '未公布入场码的场次',
          mode: 'room',
          location: '301',
          windowStart: new Date(now - 1000).toISOString(),
          windowEnd: new Date(now + 3600_000).toISOString(),
          durationSeconds: 600,
          lateEntrySeconds: 600,
          capacity: 10,
        },
        admin,
      );
      expect(created.status).toBe(201);
      const assigned = await api<{ candidates: Array<{ ticketNumber: string; technicianId: number }> }>(
        base,
        'POST',
        `/api/sittings/${created.body.id}/candidates`,
        { all: true },
        admin,
      );
      const c = assigned.body.candidates[0];
      const login = (idNumber: string, accessCode = '000000') =>
        t.http().post('/api/exam/login').send({ ticketNumber: c.ticketNumber, idNumber, accessCode });
      const right = await login(simpleIdNumber(c.technicianId));
      const wrongId = await login(simpleIdNumber(c.technicianId + 1));
      expect(right.status).toBe(401);
      expect(wrongId.status).toBe(401);
      expect(right.body).toEqual(wrongId.body);
      expect((right.body as { message: string }).message).toBe(BAD_LOGIN);
    });
  });

  describe('admission tickets', () => {
    it('answers 404 and 403 as such', async () => {
      const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
      await t.http().get(`/api/sittings/${s.sittingId}/tickets`).set(bearer(admin)).expect(200);
      const missing = await t.http().get('/api/sittings/999999/tickets').set(bearer(admin));
      expect(missing.status).toBe(404);
      const missingOne = await t
        .http()
        .get(`/api/sittings/${s.sittingId}/candidates/999999/ticket`)
        .set(bearer(admin));
      expect(missingOne.status).toBe(404);
      const proctor = await createProctor(base, admin, `p${campaign}`);
      const foreign = await t.http().get(`/api/sittings/${s.sittingId}/tickets`).set(bearer(proctor.token));
      expect(foreign.status).toBe(403);
    });
  });

  describe('question-bank YAML uploads', () => {
    const upload = (content: string) =>
      t.http().post('/api/question-bank/import/yaml').set(bearer(admin)).send({ content, dryRun: true });

    it('refuses an alias bomb with a reason', async () => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++) {
        const name = String.fromCharCode(97 + i);
        const prev = String.fromCharCode(96 + i);
        lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      lines.push('items: *j');
      const r = await upload(lines.join('\n'));
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'yaml_alias_bomb' });
      expect((r.body as { message: string }).message).toContain('别名');
    });

    it('refuses deep nesting with a reason, never the runtime’s words', async () => {
      for (const text of [
        '['.repeat(100_000) + ']'.repeat(100_000),
        'items:\n' + '  - '.repeat(1) + '['.repeat(50_000),
      ]) {
        const r = await upload(text);
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(JSON.stringify(r.body)).not.toMatch(/Maximum call stack/i);
      }
      const deep = await upload('['.repeat(100_000) + ']'.repeat(100_000));
      expect(deep.body).toMatchObject({ code: 'yaml_too_deep' });
    });
  });

  describe('text that is not well-formed Unicode', () => {
    it('is refused with 400 naming the field, in values and in keys, at any depth', async () => {
      const now = Date.now();
      const body = {
        campaignId: campaign,
        name: `场次\ud800`,
        mode: 'room',
        location: '301',
        windowStart: new Date(now).toISOString(),
        windowEnd: new Date(now + 3600_000).toISOString(),
        durationSeconds: 600,
        lateEntrySeconds: 600,
        capacity: 10,
      };
      const r = await t.http().post('/api/sittings').set(bearer(admin)).send(body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'ill_formed_text', field: 'name' });
      expect((r.body as { message: string }).message).toContain('name');
      expect(await t.ds.query('SELECT id FROM sittings WHERE campaign_id = ?', [campaign])).toHaveLength(0);

      const lone = await t
        .http()
        .post('/api/public/results/1/lookup')
        .send({ name: '张\udc00三', idNumber: '37130219800101001X' });
      expect(lone.status).toBe(400);
      expect(lone.body).toMatchObject({ field: 'name' });

      const nested = await t
        .http()
        .post(`/api/sittings`)
        .set(bearer(admin))
        .send({ ...body, name: '正常', proctoring: { thresholds: { paste: { '\udbff': 1 } } } });
      expect(nested.status).toBe(400);
      expect(nested.body).toMatchObject({ code: 'ill_formed_text' });

      // A well-formed pair (an emoji outside the BMP) is text like any other.
      await t
        .http()
        .post('/api/sittings')
        .set(bearer(admin))
        .send({ ...body, name: '场次 😀' })
        .expect(201);
    });
  });
});
