import { io } from 'socket.io-client';
import type { LiveCandidateRow, LiveEvent, LiveSnapshot } from '../../src/proctoring/live-row';
import type { AnswerAck, ExamReply, ExamState } from '../../src/sessions/exam-socket.types';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import {
  api,
  ask,
  connectExam,
  connectProctor,
  createProctor,
  disconnected,
  eventually,
  keyLikeFields,
  seedSitting,
} from '../support/socket-helpers';

type Rows = { sittingId: number; rows: Array<Partial<LiveCandidateRow> & { sittingCandidateId: number }> };
type Login = { accessToken: string; state: ExamState };

/**
 * In the exam room (exam-morning issue, item 11), with real socket.io clients against a listening server: the
 * proctor's identity check (full ID number, audited, own sittings only), the server's own view of a lost
 * connection pushed to the console, and a sign-in from another device that waits for the proctor's 再次入场
 * while the first device keeps answering.
 */
describe.each(databasesUnderTest())('in the exam room on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let campaign = 1100;

  beforeAll(async () => {
    t = await createTestApp(kind, 'exam_room', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
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

  const login = (
    s: { candidates: Array<{ ticketNumber: string; technicianId: number }>; accessCode: string },
    i: number,
    deviceId?: string,
  ) =>
    api<Login>(base, 'POST', '/api/exam/login', {
      ticketNumber: s.candidates[i].ticketNumber,
      idNumber: simpleIdNumber(s.candidates[i].technicianId),
      accessCode: s.accessCode,
      ...(deviceId ? { deviceId } : {}),
    });

  /** A sitting with a proctor watching and its first candidate started on device pc-a. */
  async function started() {
    const p = await createProctor(base, admin, `room${campaign}`);
    const s = await seedSitting(base, admin, {
      campaignId: campaign,
      durationSeconds: 900,
      proctorIds: [p.id],
    });
    const c = s.candidates[0];
    const first = await login(s, 0, 'pc-a-0000001');
    expect(first.status).toBe(200);
    const cand = await connectExam(base, first.body.accessToken);
    await api(base, 'POST', `/api/sittings/${s.sittingId}/admit-all`, { reason: '核验无误' }, admin);
    const st = (await ask<ExamReply>(cand.socket, 'exam.start')) as { ok: true; state: ExamState };
    expect(st.ok).toBe(true);
    const proctor = await connectProctor(base, p.token);
    const watch = await ask<{ ok: true; snapshot: LiveSnapshot }>(proctor.socket, 'sitting.watch', {
      sittingId: s.sittingId,
    });
    expect(watch.ok).toBe(true);
    const questions = st.state.paper!.sections.flatMap((x) => x.questions);
    const rowOf = (match: (r: Partial<LiveCandidateRow>) => boolean) =>
      proctor.next('sitting.rows', (m: Rows) =>
        m.rows.some((r) => r.sittingCandidateId === c.id && match(r)),
      );
    return { p, s, c, cand, state: st.state, questions, proctor, watch: watch.snapshot, rowOf };
  }

  it('shows the sitting’s own proctor the full ID number, audited, and nobody else', async () => {
    const { p, s, c, watch, cand, proctor } = await started();
    const id = simpleIdNumber(c.technicianId);
    // The live view keeps the masked form.
    expect(JSON.stringify(watch)).not.toContain(id);
    const path = `/api/sittings/${s.sittingId}/candidates/${c.id}/identity`;
    const seen = await api<Record<string, unknown>>(base, 'GET', path, undefined, p.token);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ sittingCandidateId: c.id, idNumber: id, photo: null });
    expect(seen.body.photoNote).toContain('没有照片');
    expect((await api(base, 'GET', path, undefined, admin)).status).toBe(200);

    const stranger = await createProctor(base, admin, `other${campaign}`);
    expect((await api(base, 'GET', path, undefined, stranger.token)).status).toBe(403);
    const candToken = (await login(s, 1)).body.accessToken;
    expect((await api(base, 'GET', path, undefined, candToken)).status).toBe(403);
    // A candidate of another sitting is not reachable through this one.
    const other = await seedSitting(base, admin, { campaignId: campaign + 50, durationSeconds: 600 });
    expect(
      (
        await api(
          base,
          'GET',
          `/api/sittings/${s.sittingId}/candidates/${other.candidates[0].id}/identity`,
          undefined,
          admin,
        )
      ).status,
    ).toBe(404);

    const views: Array<{ actor: string; details: string }> = await t.ds.query(
      `SELECT actor, details FROM audit_log WHERE action = 'personal-data.view' AND target = ?`,
      [`sitting-candidate:${c.id}`],
    );
    expect(views.map((v) => v.actor).sort()).toEqual(
      [`user:${p.id}`, expect.stringMatching(/^user:\d+$/)].sort(),
    );
    expect(views).toHaveLength(2);
    // The audit records the view, never the number itself.
    expect(JSON.stringify(views)).not.toContain(id);
    cand.close();
    proctor.close();
  });

  it('shows 连接中断 with its time from the server’s view, and 答题中 again on reconnection', async () => {
    const { s, c, cand, proctor, rowOf } = await started();
    const token = (cand.socket.auth as { token: string }).token;
    const lost = rowOf((r) => r.connected === false && typeof r.disconnectedAt === 'string');
    const feed = proctor.next('sitting.events', (m: { events: LiveEvent[] }) =>
      m.events.some((e) => e.kind === 'connection-lost' && e.sittingCandidateId === c.id),
    );
    const before = Date.now();
    cand.close();
    const row = ((await lost) as Rows).rows.find((r) => r.sittingCandidateId === c.id)!;
    expect(Math.abs(Date.parse(row.disconnectedAt!) - before)).toBeLessThan(5000);
    expect((await feed) as { events: LiveEvent[] }).toMatchObject({
      events: expect.arrayContaining([expect.objectContaining({ name: '连接中断' })]),
    });

    // A console opened now sees the same (from the database, not from a node's memory).
    const snap = await api<LiveSnapshot>(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, admin);
    expect(snap.body.rows.find((r) => r.sittingCandidateId === c.id)).toMatchObject({
      state: 'in-progress',
      connected: false,
      disconnectedAt: row.disconnectedAt,
    });

    const back = rowOf((r) => r.connected === true && r.disconnectedAt === null);
    const again = await connectExam(base, token);
    expect(again.state?.status).toBe('in-progress');
    await back;
    const kinds: Array<{ kind: string }> = await t.ds.query(
      `SELECT kind FROM proctoring_events WHERE sitting_candidate_id = ? AND kind LIKE 'connection-%' ORDER BY id`,
      [c.id],
    );
    expect(kinds.map((k) => k.kind)).toEqual(['connection-lost', 'connection-restored']);
    again.close();
    proctor.close();
  });

  it('holds a sign-in from another device until the proctor admits it; then the first device is replaced', async () => {
    const { p, s, c, cand, proctor, rowOf, state, questions } = await started();
    const saved = await ask<AnswerAck>(cand.socket, 'answer.save', {
      questionId: questions[0].questionId,
      response: questions[0].type === 'judge' ? true : questions[0].type === 'single' ? 'B' : ['A', 'B'],
      revision: 1,
    });
    expect(saved.ok).toBe(true);

    // Nothing to admit yet.
    const nothing = await ask<{ ok: boolean; code: string }>(proctor.socket, 'candidate.act', {
      sittingId: s.sittingId,
      sittingCandidateId: c.id,
      action: 'admit-relogin',
      reason: '核验身份证无误',
    });
    expect(nothing).toMatchObject({ ok: false, code: 'no-relogin-request' });

    const request = rowOf((r) => r.relogin !== null && r.relogin !== undefined);
    const second = await login(s, 0, 'pc-b-0000002');
    expect(second.status).toBe(200);
    expect(second.body.state).toMatchObject({
      reloginPending: true,
      status: 'waiting',
      canStart: false,
      paper: null,
      responses: [],
    });
    expect(second.body.state.message).toContain('监考员准许再次入场');
    await request;
    // The first device goes on answering meanwhile.
    expect(
      await ask<AnswerAck>(cand.socket, 'answer.save', {
        questionId: questions[1].questionId,
        response: questions[1].type === 'judge' ? false : questions[1].type === 'single' ? 'C' : ['B', 'C'],
        revision: 1,
      }),
    ).toMatchObject({ ok: true });
    expect(cand.received.map((r) => r.event)).not.toContain('session.taken-over');

    // The waiting device gets the waiting state on its socket and can do nothing else.
    const waiting = await connectExam(base, second.body.accessToken);
    expect(waiting.state).toMatchObject({ reloginPending: true, paper: null });
    expect(
      await ask<AnswerAck>(waiting.socket, 'answer.save', {
        questionId: questions[0].questionId,
        response: true,
        revision: 9,
      }),
    ).toMatchObject({ ok: false, code: 'relogin-pending' });
    expect(await ask<ExamReply>(waiting.socket, 'exam.start')).toMatchObject({
      ok: false,
      code: 'relogin-pending',
    });
    expect(await ask<ExamReply>(waiting.socket, 'exam.sync')).toMatchObject({
      ok: true,
      state: { reloginPending: true, paper: null },
    });
    expect((await api(base, 'GET', '/api/exam/state', undefined, second.body.accessToken)).status).toBe(401);

    // 准许再次入场: audited; the first device is told it was replaced, the waiting one gets its token.
    const replaced = cand.next('session.taken-over');
    const gone = disconnected(cand.socket);
    const handed = waiting.next('session.readmitted');
    const admitted = await ask<{ ok: boolean; row: LiveCandidateRow }>(proctor.socket, 'candidate.act', {
      sittingId: s.sittingId,
      sittingCandidateId: c.id,
      action: 'admit-relogin',
      reason: '核验身份证无误，原电脑故障',
    });
    expect(admitted).toMatchObject({ ok: true, row: { relogin: null, state: 'in-progress' } });
    expect(await replaced).toMatchObject({ message: expect.stringContaining('另一台设备上继续作答') });
    await gone;
    const token = ((await handed) as { accessToken: string }).accessToken;
    waiting.close();

    const resumed = await connectExam(base, token);
    expect(resumed.state).toMatchObject({ status: 'in-progress', deadline: state.deadline });
    expect(resumed.state!.responses.map((r) => r.questionId).sort()).toEqual(
      [questions[0].questionId, questions[1].questionId].sort(),
    );
    expect(keyLikeFields(resumed.received)).toEqual([]);
    expect(
      await ask<AnswerAck>(resumed.socket, 'answer.save', {
        questionId: questions[2].questionId,
        response: questions[2].type === 'judge' ? true : questions[2].type === 'single' ? 'A' : ['A', 'C'],
        revision: 1,
      }),
    ).toMatchObject({ ok: true, deadline: state.deadline });
    // The replaced device's token is refused from now on.
    expect((await connectExam(base, (cand.socket.auth as { token: string }).token)).error?.code).toBe(
      'taken-over',
    );

    const audit: Array<{ action: string; actor: string }> = await t.ds.query(
      `SELECT action, actor FROM audit_log WHERE action = 'proctor.admit-relogin' AND target = ?`,
      [`sitting-candidate:${c.id}`],
    );
    expect(audit).toEqual([expect.objectContaining({ actor: `user:${p.id}` })]);
    resumed.close();
    proctor.close();
  });

  it('holds a sign-in after the first PC crashed, lets the same browser take over, and gives the token to a device that was away', async () => {
    const { s, c, cand, proctor, questions, state } = await started();
    expect(
      (
        await ask<AnswerAck>(cand.socket, 'answer.save', {
          questionId: questions[0].questionId,
          response: questions[0].type === 'judge' ? true : questions[0].type === 'single' ? 'D' : ['C', 'D'],
          revision: 4,
        })
      ).ok,
    ).toBe(true);
    // The same browser signing in again (a second tab) takes over at once, as before.
    const sameBrowser = await login(s, 0, 'pc-a-0000001');
    expect(sameBrowser.body.state).toMatchObject({ status: 'in-progress' });
    expect(sameBrowser.body.state.reloginPending).toBeUndefined();
    await disconnected(cand.socket);

    // That browser's PC crashes: its socket goes.
    const onA = await connectExam(base, sameBrowser.body.accessToken);
    await eventually(async () => {
      const r = await api<LiveSnapshot>(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, admin);
      return r.body.rows.find((x) => x.sittingCandidateId === c.id)?.connected === true;
    });
    onA.close();
    await eventually(async () => {
      const r = await api<LiveSnapshot>(base, 'GET', `/api/sittings/${s.sittingId}/live`, undefined, admin);
      return r.body.rows.find((x) => x.sittingCandidateId === c.id)?.disconnectedAt;
    });

    // On the spare PC (no device id at all): held although nothing is connected.
    const spare = await login(s, 0);
    expect(spare.body.state.reloginPending).toBe(true);
    // Admitted while the spare PC's page was not connected: it gets its token when it connects.
    expect(
      await ask(proctor.socket, 'candidate.act', {
        sittingId: s.sittingId,
        sittingCandidateId: c.id,
        action: 'admit-relogin',
        reason: '原电脑死机，已核验身份',
      }),
    ).toMatchObject({ ok: true });
    const late = io(`${base}/exam`, {
      transports: ['websocket'],
      auth: { token: spare.body.accessToken },
      forceNew: true,
      reconnection: false,
    });
    const handed = await new Promise<{ accessToken: string }>((resolve, reject) => {
      late.once('session.readmitted', resolve);
      late.once('exam.state', () => reject(new Error('got the waiting state after the admission')));
      setTimeout(() => reject(new Error('no session.readmitted')), 5000).unref();
    });
    late.close();
    const back = await connectExam(base, handed.accessToken);
    expect(back.state).toMatchObject({ status: 'in-progress', deadline: state.deadline });
    expect(back.state!.responses).toEqual([
      expect.objectContaining({ questionId: questions[0].questionId, revision: 4 }),
    ]);
    back.close();
    proctor.close();
  });
});
