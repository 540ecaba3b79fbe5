import { createConnection } from 'mysql2/promise';
import type { LiveEvent, LiveSnapshot } from '../../src/proctoring/live-row';
import { LiveViewService } from '../../src/proctoring/live-view.service';
import { AttemptsService } from '../../src/sessions/attempts.service';
import { CandidatePresence } from '../../src/sessions/candidate-presence';
import { DeadlineSweeper } from '../../src/sessions/deadline-sweeper';
import type { AnswerAck, ExamReply, ExamState, ReportAck } from '../../src/sessions/exam-socket.types';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import {
  api,
  ask,
  candidateLogin,
  connectExam,
  connectProctor,
  createProctor,
  seedSitting,
} from '../support/socket-helpers';

/**
 * The proctor's console never goes silent (a failed snapshot still leaves the socket in the room, a part that
 * cannot be read is marked partial, HTTP answers 503), socket messages are checked like request bodies, an
 * answer stored in time is acknowledged when resent after the deadline, and a save waits a bounded time for a
 * locked database.
 */
describe.each(databasesUnderTest())('console recovery and bounded saves on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let campaign = 700;

  beforeAll(async () => {
    t = await createTestApp(kind, 'console_recovery', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '6',
      PROCTOR_VIEW_FLUSH_MS: '50',
      SESSIONS_SAVE_TIMEOUT_MS: '1500',
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
  afterEach(() => jest.restoreAllMocks());

  /** A sitting with its first candidate signed in, admitted and started. */
  async function started(durationSeconds = 900) {
    const p = await createProctor(base, admin, `p${campaign}`);
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds, proctorIds: [p.id] });
    const c = s.candidates[0];
    const login = await candidateLogin(base, c.ticketNumber, simpleIdNumber(c.technicianId), s.accessCode);
    const cand = await connectExam(base, login.token);
    expect(
      (await api(base, 'POST', `/api/sittings/${s.sittingId}/admit-all`, { reason: '核验无误' }, admin))
        .status,
    ).toBe(200);
    const st = (await ask<ExamReply>(cand.socket, 'exam.start')) as { ok: true; state: ExamState };
    expect(st.ok).toBe(true);
    const questions = st.state.paper!.sections.flatMap((x) => x.questions);
    return { p, s, c, cand, state: st.state, questions };
  }

  it('refuses malformed proctor and candidate socket messages before any query', async () => {
    const { p, s, cand, questions } = await started();
    const proctor = await connectProctor(base, p.token);
    const queries: string[] = [];
    const real = t.ds.query.bind(t.ds);
    jest.spyOn(t.ds, 'query').mockImplementation((sql, params, runner) => {
      queries.push(`${sql} ${JSON.stringify(params ?? [])}`);
      return real(sql, params, runner);
    });
    for (const bad of [
      { sittingId: 'abc' },
      { sittingId: '1; DROP TABLE x' },
      {},
      null,
      'x',
      { sittingId: 1.5 },
    ]) {
      expect(await ask(proctor.socket, 'sitting.watch', bad)).toMatchObject({
        ok: false,
        code: 'invalid-message',
      });
    }
    expect(await ask(proctor.socket, 'sitting.watch', { sittingId: s.sittingId, extra: 1 })).toMatchObject({
      ok: false,
      code: 'invalid-message',
    });
    expect(await ask(proctor.socket, 'sitting.unwatch', { sittingId: 'abc' })).toMatchObject({
      ok: false,
      code: 'invalid-message',
    });
    expect(
      await ask(proctor.socket, 'candidate.act', {
        sittingId: 'abc',
        sittingCandidateId: 1,
        action: 'warn',
        reason: '测试理由',
      }),
    ).toMatchObject({ ok: false, code: 'invalid-message' });
    for (const bad of [
      { questionId: 'abc', response: true, revision: 1 },
      { questionId: questions[0].questionId, response: true, revision: 'x' },
      { questionId: questions[0].questionId, response: true, revision: 1, extra: 'x' },
      { questionId: 1e300, response: true, revision: 1 },
      'x',
    ]) {
      expect(await ask<AnswerAck>(cand.socket, 'answer.save', bad)).toMatchObject({
        ok: false,
        code: 'invalid-response',
      });
    }
    expect(queries.filter((q) => /NaN|abc|1e\+300/.test(q))).toEqual([]);
    jest.restoreAllMocks();
    // A clear (null) is still a valid message.
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', {
        questionId: questions[0].questionId,
        response: null,
        revision: 1,
      }),
    ).toMatchObject({ ok: true });
    proctor.close();
    cand.close();
  });

  it('joins the room even when the snapshot fails, marks a partial snapshot, and answers 503 over HTTP', async () => {
    const { p, s, cand } = await started();
    const live = t.app.get(LiveViewService);
    const presence = t.app.get(CandidatePresence);
    const proctor = await connectProctor(base, p.token);

    // The database part fails: the watch fails with a reason, but the console is already in the room.
    const rows = jest
      .spyOn(live, 'rows')
      .mockRejectedValueOnce(new Error('Connection lost: The server closed'));
    const failed = await ask<{ ok: boolean; code: string; message: string }>(
      proctor.socket,
      'sitting.watch',
      {
        sittingId: s.sittingId,
      },
    );
    expect(failed).toMatchObject({ ok: false, code: 'http-503' });
    expect(failed.message).toContain('实时视图暂时无法生成');
    rows.mockRestore();
    const seen = proctor.next('sitting.events', (m: { events: LiveEvent[] }) =>
      m.events.some((e) => e.kind === 'fullscreen-exit'),
    );
    expect(await ask<ReportAck>(cand.socket, 'proctoring.report', { kind: 'fullscreen-exit' })).toMatchObject(
      {
        ok: true,
      },
    );
    await seen;

    // Presence unavailable (a node not answering): the rows come, marked partial with the reason.
    jest.spyOn(presence, 'connectedInSitting').mockRejectedValueOnce(new Error('timeout reached'));
    const partial = await ask<{ ok: true; snapshot: LiveSnapshot }>(proctor.socket, 'sitting.watch', {
      sittingId: s.sittingId,
    });
    expect(partial.ok).toBe(true);
    expect(partial.snapshot.partial).toBe(true);
    expect(partial.snapshot.reasons.join()).toContain('在线状态');
    expect(partial.snapshot.rows).toHaveLength(2);
    expect(partial.snapshot.rows[0].connected).toBeUndefined();
    expect(partial.snapshot.clock).toMatchObject({ ok: true, boundMs: 1000 });
    expect(Math.abs(partial.snapshot.clock.skewMs!)).toBeLessThan(1000);

    // Whole again.
    const whole = await ask<{ ok: true; snapshot: LiveSnapshot }>(proctor.socket, 'sitting.watch', {
      sittingId: s.sittingId,
    });
    expect(whole.snapshot).toMatchObject({ partial: false, reasons: [] });

    // HTTP: 503 with a reason instead of a bare 500.
    jest.spyOn(live, 'rows').mockRejectedValueOnce(new Error('Connection lost'));
    const http = await api<{ code: string; message: string }>(
      base,
      'GET',
      `/api/sittings/${s.sittingId}/live`,
      undefined,
      p.token,
    );
    expect(http.status).toBe(503);
    expect(http.body.code).toBe('live-unavailable');
    // Access errors stay what they are.
    expect((await api(base, 'GET', `/api/sittings/999999/live`, undefined, p.token)).status).toBe(404);
    proctor.close();
    cand.close();
  });

  it('acknowledges a resend of a stored revision after the deadline and after the submission', async () => {
    const { s, c, cand, questions } = await started();
    const q = questions[0].questionId;
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: true, revision: 1 }),
    ).toMatchObject({
      ok: true,
      revision: 1,
    });
    // The deadline passes (moved into the past in the database: the same as waiting for it); the sweepers hold
    // off until the submission part below, so that the refusal is the deadline's.
    const sweep = jest.spyOn(t.app.get(AttemptsService), 'submitDue').mockResolvedValue(0);
    await t.ds.query(`UPDATE attempts SET deadline = ? WHERE sitting_candidate_id = ?`, [
      kind === 'sqlite'
        ? new Date(Date.now() - 2000).toISOString().replace('T', ' ').replace('Z', '')
        : new Date(Date.now() - 2000),
      c.id,
    ]);
    // The acknowledgement of revision 1 was lost: its resend is answered "stored"; a new revision is refused.
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: true, revision: 1 }),
    ).toMatchObject({
      ok: true,
      revision: 1,
    });
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: false, revision: 2 }),
    ).toMatchObject({
      ok: false,
      code: 'deadline-passed',
    });
    // A question never answered in time stays refused.
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', {
        questionId: questions[1].questionId,
        response: true,
        revision: 1,
      }),
    ).toMatchObject({ ok: false, code: 'deadline-passed' });
    // After the automatic submission, the same.
    sweep.mockRestore();
    const submitted = cand.next('exam.submitted');
    await t.app.get(DeadlineSweeper).sweepOnce();
    await submitted;
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: true, revision: 1 }),
    ).toMatchObject({
      ok: true,
      revision: 1,
    });
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: false, revision: 2 }),
    ).toMatchObject({
      ok: false,
      code: 'submitted',
    });
    const stored: Array<{ revision: number | string; response: string }> = await t.ds.query(
      `SELECT a.revision, a.response FROM answers a JOIN attempts t ON t.id = a.attempt_id
        WHERE t.sitting_id = ? AND a.question_id = ?`,
      [s.sittingId, q],
    );
    expect(stored.map((r) => [Number(r.revision), r.response])).toEqual([[1, 'true']]);
    cand.close();
  });

  it('flags attempts past their deadline that nothing submitted, on the console and in readiness', async () => {
    const { p, s, c } = await started();
    // The sweepers cannot submit (as when the rows stay locked or the database fails for them).
    jest.spyOn(t.app.get(AttemptsService), 'submitDue').mockResolvedValue(0);
    await t.ds.query(`UPDATE attempts SET deadline = ? WHERE sitting_candidate_id = ?`, [
      kind === 'sqlite'
        ? new Date(Date.now() - 5000).toISOString().replace('T', ' ').replace('Z', '')
        : new Date(Date.now() - 5000),
      c.id,
    ]);
    const snap = await api<LiveSnapshot>(
      base,
      'GET',
      `/api/sittings/${s.sittingId}/live`,
      undefined,
      p.token,
    );
    expect(snap.status).toBe(200);
    const row = snap.body.rows.find((r) => r.sittingCandidateId === c.id)!;
    expect(row).toMatchObject({ state: 'in-progress', overdue: true });
    expect(snap.body.overdue).toEqual([row.attemptId]);
    expect(snap.body.rows.find((r) => r.sittingCandidateId !== c.id)).toMatchObject({ overdue: false });
    expect(await t.app.get(DeadlineSweeper).checkOverdue()).toBe(1);
    const ready = await api<{ details: Record<string, { status: string; overdueAttempts?: number }> }>(
      base,
      'GET',
      '/health/ready',
    );
    expect(ready.status).toBe(200);
    expect(ready.body.details.deadlines).toMatchObject({ status: 'degraded', overdueAttempts: 1 });
    expect(ready.body.details.clock).toMatchObject({ status: 'up' });
    jest.restoreAllMocks();
    await t.app.get(DeadlineSweeper).sweepOnce();
    expect(await t.app.get(DeadlineSweeper).checkOverdue()).toBe(0);
  });

  it('answers a save within the bound while the database is locked, as a retryable refusal', async () => {
    if (kind !== 'mysql') {
      // SQLite has one writer inside this process; a lock held by another connection is a MariaDB matter.
      return;
    }
    const { c, cand, questions } = await started();
    const q = questions[0].questionId;
    const other = await createConnection({ uri: t.db.url! });
    try {
      await other.query('START TRANSACTION');
      await other.query('SELECT id FROM attempts WHERE sitting_candidate_id = ? FOR UPDATE', [c.id]);
      const t0 = Date.now();
      const ack = await ask<AnswerAck>(cand.socket, 'answer.save', {
        questionId: q,
        response: true,
        revision: 1,
      });
      const waited = Date.now() - t0;
      expect(ack).toMatchObject({ ok: false, code: 'unavailable' });
      expect((ack as { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0);
      expect(waited).toBeLessThan(3000);
      // Resends while still locked are answered too, not queued behind the stuck batch.
      const t1 = Date.now();
      expect(
        await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: true, revision: 1 }),
      ).toMatchObject({ ok: false, code: 'unavailable' });
      expect(Date.now() - t1).toBeLessThan(3000);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    // Released: the resend is stored.
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', { questionId: q, response: true, revision: 1 }),
    ).toMatchObject({
      ok: true,
      revision: 1,
    });
    cand.close();
  });
});
