import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AttemptSubmittedEvent } from '../../src/sessions/session-events';
import type { AnswerAck, ExamReply, ExamState } from '../../src/sessions/exam-socket.types';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import {
  api,
  ask,
  candidateLogin,
  connectExam,
  disconnected,
  eventually,
  keyLikeFields,
  seedSitting,
  SeededSitting,
} from '../support/socket-helpers';

describe.each(databasesUnderTest())('exam sessions on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let campaign = 0;
  const submitted: AttemptSubmittedEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind, 'sessions', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '4',
      SESSIONS_SIMPLE_QUESTIONS: '9',
      SESSIONS_SWEEP_INTERVAL_MS: '400',
      PROCTOR_VIEW_FLUSH_MS: '50',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    t.app.get(EventEmitter2).on('attempt.submitted', (e: AttemptSubmittedEvent) => submitted.push(e));
    // One clean start; each test then works in a campaign and sitting of its own.
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    submitted.length = 0;
    campaign += 1;
  });

  const idOf = (s: SeededSitting, i: number) => simpleIdNumber(s.candidates[i].technicianId);
  const admit = (s: SeededSitting, i: number) =>
    api(
      base,
      'POST',
      `/api/sittings/${s.sittingId}/candidates/${s.candidates[i].id}/actions`,
      { action: 'admit', reason: '核验身份证无误' },
      admin,
    );
  const act = (s: SeededSitting, i: number, body: Record<string, unknown>) =>
    api(base, 'POST', `/api/sittings/${s.sittingId}/candidates/${s.candidates[i].id}/actions`, body, admin);

  async function startedCandidate(s: SeededSitting, i: number) {
    const login = await candidateLogin(base, s.candidates[i].ticketNumber, idOf(s, i), s.accessCode);
    expect(login.status).toBe(200);
    await admit(s, i);
    const c = await connectExam(base, login.token);
    const r = await ask<ExamReply>(c.socket, 'exam.start');
    expect(r.ok).toBe(true);
    return { ...c, token: login.token, state: (r as { state: ExamState }).state };
  }

  it('logs in, waits for admission, starts, answers, survives disconnect and refresh, and submits', async () => {
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
    const wrong = await candidateLogin(base, s.candidates[0].ticketNumber, idOf(s, 1), s.accessCode);
    expect(wrong.status).toBe(401);
    const badCode = await candidateLogin(
      base,
      s.candidates[0].ticketNumber,
      idOf(s, 0),
      s.accessCode === '000000' ? '000001' : '000000',
    );
    expect(badCode.status).toBe(401);
    expect((badCode.body as { message: string }).message).toBe((wrong.body as { message: string }).message);

    const login = await candidateLogin(base, s.candidates[0].ticketNumber, idOf(s, 0), s.accessCode);
    expect(login.status).toBe(200);
    expect(login.state).toMatchObject({
      status: 'waiting',
      canStart: false,
      startRefusal: 'not-admitted',
      deadline: null,
      paper: null,
    });
    expect(login.state.candidate.maskedIdNumber).toBe(
      `${idOf(s, 0).slice(0, 2)}*************${idOf(s, 0).slice(-3)}`,
    );

    const c = await connectExam(base, login.token);
    expect(c.state?.status).toBe('waiting');
    const early = await ask<ExamReply>(c.socket, 'exam.start');
    expect(early).toMatchObject({ ok: false, code: 'not-admitted' });

    const pushed = c.next('exam.state', (st: ExamState) => st.status === 'admitted');
    expect((await admit(s, 0)).status).toBe(200);
    expect(await pushed).toMatchObject({ status: 'admitted', canStart: true });

    // Two starts at once (a double click, or a resend) make one attempt.
    const [started, twice] = await Promise.all([
      ask<ExamReply>(c.socket, 'exam.start'),
      ask<ExamReply>(c.socket, 'exam.start'),
    ]);
    expect(started.ok && twice.ok).toBe(true);
    const state = (started as { state: ExamState }).state;
    expect((twice as { state: ExamState }).state.attempt!.id).toBe(state.attempt!.id);
    expect((twice as { state: ExamState }).state.paper?.paperId).toBe(state.paper?.paperId);
    const attemptRows: unknown[] = await t.ds.query(
      'SELECT id FROM attempts WHERE sitting_candidate_id = ?',
      [s.candidates[0].id],
    );
    expect(attemptRows).toHaveLength(1);
    expect(state.status).toBe('in-progress');
    expect(state.deadline).not.toBeNull();
    const deadline = state.deadline!;
    expect(new Date(deadline).getTime() - new Date(state.attempt!.startedAt).getTime()).toBe(600_000);
    const [judge, single, multiple] = state.paper!.sections.map((sec) => sec.questions[0]);

    const a1 = await ask<AnswerAck>(c.socket, 'answer.save', {
      questionId: judge.questionId,
      response: true,
      revision: 1,
    });
    expect(a1).toMatchObject({ ok: true, questionId: judge.questionId, revision: 1, deadline });
    expect(typeof a1.serverTime).toBe('string');
    // A newer revision, then an older one arriving late: the newer stays.
    expect(
      await ask<AnswerAck>(c.socket, 'answer.save', {
        questionId: single.questionId,
        response: 'C',
        revision: 3,
      }),
    ).toMatchObject({ ok: true, revision: 3 });
    expect(
      await ask<AnswerAck>(c.socket, 'answer.save', {
        questionId: single.questionId,
        response: 'D',
        revision: 2,
      }),
    ).toMatchObject({ ok: true, revision: 3 });
    // A resend is harmless.
    expect(
      await ask<AnswerAck>(c.socket, 'answer.save', {
        questionId: judge.questionId,
        response: true,
        revision: 1,
      }),
    ).toMatchObject({ ok: true, revision: 1 });
    expect(
      await ask<AnswerAck>(c.socket, 'answer.save', {
        questionId: single.questionId,
        response: 'Z',
        revision: 4,
      }),
    ).toMatchObject({ ok: false, code: 'invalid-response' });
    expect(
      await ask<AnswerAck>(c.socket, 'answer.save', { questionId: 99, response: 'A', revision: 1 }),
    ).toMatchObject({ ok: false, code: 'invalid-response' });

    // Acknowledged means committed: the rows are there now.
    const rows: Array<{ question_id: number; response: string; revision: number }> = await t.ds.query(
      `SELECT question_id, response, revision FROM answers WHERE attempt_id = ${state.attempt!.id} ORDER BY question_id`,
    );
    expect(rows.map((r) => [Number(r.question_id), r.response, Number(r.revision)])).toEqual([
      [judge.questionId, 'true', 1],
      [single.questionId, '"C"', 3],
    ]);

    // Several writes sent at once are committed together and each acknowledged.
    const burst = await Promise.all(
      state
        .paper!.sections.flatMap((sec) => sec.questions)
        .map((q, i) =>
          ask<AnswerAck>(c.socket, 'answer.save', {
            questionId: q.questionId,
            response: q.type === 'judge' ? false : q.type === 'single' ? 'A' : ['A', 'B'],
            revision: 10 + i,
          }),
        ),
    );
    expect(burst.every((b) => b.ok)).toBe(true);

    // Disconnect, then reconnect with the same token (a refresh): every acknowledged answer, same deadline.
    c.close();
    const again = await connectExam(base, login.token);
    expect(again.state?.status).toBe('in-progress');
    expect(again.state?.deadline).toBe(deadline);
    expect(again.state?.responses).toHaveLength(9);
    expect(again.state?.responses.find((r) => r.questionId === multiple.questionId)).toMatchObject({
      response: ['A', 'B'],
    });

    // The same over HTTP, for clients without a socket.
    const viaHttp = await api<AnswerAck>(
      base,
      'PUT',
      '/api/exam/answers',
      { questionId: multiple.questionId, response: ['E', 'C'], revision: 50 },
      login.token,
    );
    expect(viaHttp.body).toMatchObject({ ok: true, revision: 50, deadline });
    const httpState = await api<ExamState>(base, 'GET', '/api/exam/state', undefined, login.token);
    expect(httpState.body.responses.find((r) => r.questionId === multiple.questionId)).toMatchObject({
      response: ['C', 'E'],
      revision: 50,
    });

    const done = await ask<ExamReply>(again.socket, 'exam.submit');
    expect(done).toMatchObject({ ok: true, state: { status: 'submitted', paper: null } });
    const after = await ask<AnswerAck>(again.socket, 'answer.save', {
      questionId: judge.questionId,
      response: false,
      revision: 99,
    });
    expect(after).toMatchObject({ ok: false, code: 'submitted', message: '答卷已提交，不能再修改' });
    // Submitting twice changes nothing and announces nothing again.
    expect(await ask<ExamReply>(again.socket, 'exam.submit')).toMatchObject({
      ok: true,
      state: { status: 'submitted' },
    });
    await eventually(() => Promise.resolve(submitted.length === 1));
    expect(submitted).toEqual([
      expect.objectContaining({ attemptId: state.attempt!.id, reason: 'candidate' }),
    ]);
    again.close();
  });

  it('submits an abandoned attempt at its deadline and refuses writes after it', async () => {
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 2 });
    const gone = await startedCandidate(s, 0);
    const q = gone.state.paper!.sections[0].questions[0];
    expect(
      (
        await ask<AnswerAck>(gone.socket, 'answer.save', {
          questionId: q.questionId,
          response: true,
          revision: 1,
        })
      ).ok,
    ).toBe(true);
    gone.close();

    const stays = await startedCandidate(s, 1);
    const told = stays.next('exam.submitted');
    const attemptId = gone.state.attempt!.id;
    const row = await eventually(async () => {
      const r: Array<{ status: string; submit_reason: string }> = await t.ds.query(
        `SELECT status, submit_reason FROM attempts WHERE id = ${attemptId}`,
      );
      return r[0].status === 'submitted' ? r[0] : undefined;
    }, 6000);
    expect(row.submit_reason).toBe('deadline');
    expect(await told).toMatchObject({ reason: 'deadline' });
    expect(submitted.map((e) => e.attemptId)).toContain(attemptId);
    const late = await ask<AnswerAck>(stays.socket, 'answer.save', {
      questionId: stays.state.paper!.sections[0].questions[0].questionId,
      response: true,
      revision: 1,
    });
    expect(late).toMatchObject({ ok: false, code: 'submitted' });
    stays.close();

    // Past the deadline but before the sweeper: refused because of the deadline itself.
    const third = await startedCandidate(s, 2);
    await t.ds.query(`UPDATE attempts SET deadline = ? WHERE id = ${third.state.attempt!.id}`, [
      kind === 'sqlite'
        ? new Date(Date.now() - 20).toISOString().replace('T', ' ').replace('Z', '')
        : new Date(Date.now() - 20),
    ]);
    const refused = await ask<AnswerAck>(third.socket, 'answer.save', {
      questionId: third.state.paper!.sections[0].questions[0].questionId,
      response: false,
      revision: 1,
    });
    expect(refused).toMatchObject({
      ok: false,
      code: 'deadline-passed',
      message: '作答时间已结束，答案未被接受',
    });
    third.close();
  });

  it("delivers a proctor's extension, force submit and void to the candidate at once, audited", async () => {
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
    const a = await startedCandidate(s, 0);
    const b = await startedCandidate(s, 1);

    const moved = a.next('exam.deadline');
    expect((await act(s, 0, { action: 'extend', reason: '停电补时', seconds: 300 })).status).toBe(200);
    const extended = (await moved) as { deadline: string };
    expect(new Date(extended.deadline).getTime() - new Date(a.state.deadline!).getTime()).toBe(300_000);
    expect((await act(s, 0, { action: 'extend', reason: 'x' })).status).toBe(400);

    const forced = a.next('exam.submitted');
    expect((await act(s, 0, { action: 'force-submit', reason: '考试时间到，统一收卷' })).body).toMatchObject({
      state: 'submitted',
    });
    expect(await forced).toMatchObject({ reason: 'proctor', message: '监考员已收卷' });
    expect((await act(s, 0, { action: 'force-submit', reason: '再次收卷' })).status).toBe(409);

    const voided = b.next('exam.voided');
    expect((await act(s, 1, { action: 'void', reason: '使用手机查阅资料（作弊）' })).body).toMatchObject({
      state: 'voided',
      voidReason: '使用手机查阅资料（作弊）',
    });
    expect(await voided).toMatchObject({ reason: '使用手机查阅资料（作弊）' });
    expect(
      await ask<AnswerAck>(b.socket, 'answer.save', {
        questionId: b.state.paper!.sections[0].questions[0].questionId,
        response: true,
        revision: 1,
      }),
    ).toMatchObject({ ok: false, code: 'voided' });

    // Readmit a force-submitted candidate with extra time.
    const reopened = a.next('exam.state', (st: ExamState) => st.status === 'in-progress');
    expect(
      (await act(s, 0, { action: 'readmit', reason: '误收卷，恢复作答', seconds: 120 })).body,
    ).toMatchObject({ state: 'in-progress' });
    expect(((await reopened) as ExamState).paper).not.toBeNull();

    const audit = await t.http().get('/api/audit?limit=50').set('authorization', `Bearer ${admin}`);
    const actions = (audit.body as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'proctor.extend',
        'proctor.force-submit',
        'proctor.void',
        'proctor.readmit',
        'proctor.admit',
      ]),
    );
    a.close();
    b.close();
  });

  it('lets a second login take over once the proctor admits it: the first socket is told, dropped and its token refused', async () => {
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
    const first = await startedCandidate(s, 0);
    const told = first.next('session.taken-over');
    const gone = disconnected(first.socket);
    const second = await candidateLogin(base, s.candidates[0].ticketNumber, idOf(s, 0), s.accessCode);
    expect(second.status).toBe(200);
    expect(second.state.responses).toEqual([]);
    // While the attempt is in progress on the first device, the second waits for the proctor (再次入场).
    expect(second.state.reloginPending).toBe(true);
    const waiting = await connectExam(base, second.token);
    const handed = waiting.next('session.readmitted');
    expect((await act(s, 0, { action: 'admit-relogin', reason: '核验身份证无误' })).status).toBe(200);
    expect(await told).toMatchObject({ message: expect.stringContaining('另一台设备') });
    expect(await gone).toBe('io server disconnect');
    second.token = ((await handed) as { accessToken: string }).accessToken;
    waiting.close();

    const stale = await api<{ code: string }>(base, 'GET', '/api/exam/state', undefined, first.token);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('taken-over');
    const staleSocket = await connectExam(base, first.token);
    expect(staleSocket.error?.code).toBe('taken-over');
    const staleWrite = await api<AnswerAck>(
      base,
      'PUT',
      '/api/exam/answers',
      { questionId: first.state.paper!.sections[0].questions[0].questionId, response: true, revision: 1 },
      first.token,
    );
    expect(staleWrite.body).toMatchObject({ ok: false, code: 'taken-over' });

    const c2 = await connectExam(base, second.token);
    expect(c2.state?.status).toBe('in-progress');
    const events: Array<{ kind: string }> = await t.ds.query(
      `SELECT kind FROM proctoring_events WHERE sitting_candidate_id = ${s.candidates[0].id}`,
    );
    expect(events.map((e) => e.kind)).toContain('second-login');
    c2.close();
  });

  it('never sends a candidate a key, a basis or an explanation', async () => {
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
    const login = await candidateLogin(base, s.candidates[0].ticketNumber, idOf(s, 0), s.accessCode);
    const seen: unknown[] = [login.body];
    const c = await connectExam(base, login.token);
    await admit(s, 0);
    const started = await ask<ExamReply>(c.socket, 'exam.start');
    seen.push(started);
    const st = (started as { state: ExamState }).state;
    for (const q of st.paper!.sections.flatMap((x) => x.questions)) {
      seen.push(
        await ask(c.socket, 'answer.save', {
          questionId: q.questionId,
          response: q.type === 'judge' ? true : q.type === 'single' ? 'B' : ['A', 'C'],
          revision: 1,
        }),
      );
    }
    seen.push(await ask(c.socket, 'proctoring.report', { kind: 'blur' }));
    seen.push((await api(base, 'GET', '/api/exam/state', undefined, login.token)).body);
    await act(s, 0, { action: 'warn', reason: '请勿交头接耳' });
    seen.push(await ask(c.socket, 'exam.sync'));
    seen.push(await ask(c.socket, 'exam.submit'));
    await eventually(() => Promise.resolve(c.received.some((r) => r.event === 'exam.warning')));
    seen.push(...c.received.map((r) => r.args));
    expect(c.received.map((r) => r.event)).toEqual(
      expect.arrayContaining(['exam.state', 'exam.warning', 'exam.submitted']),
    );
    expect(keyLikeFields(seen)).toEqual([]);
    expect(keyLikeFields({ q: { key: 'A' } })).toEqual(['$.q.key']);
    c.close();
  });

  it('serves printable admission tickets with masked ID numbers only', async () => {
    const s = await seedSitting(base, admin, { campaignId: campaign, durationSeconds: 600 });
    const page = await t
      .http()
      .get(`/api/sittings/${s.sittingId}/tickets`)
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (let i = 0; i < s.candidates.length; i++) {
      expect(page.text).toContain(s.candidates[i].ticketNumber);
      expect(page.text).not.toContain(idOf(s, i));
      expect(page.text).toContain(`${idOf(s, i).slice(0, 2)}*************${idOf(s, i).slice(-3)}`);
    }
    expect(page.text).toContain('登录须知');
    // Reached as 127.0.0.1, the address printed is one only the server can open: the ticket says so.
    expect(page.text).toContain('只能在服务器本机打开');
    // Reached at the address candidates can use, that address is printed, with a QR code of the sign-in page
    // with the ticket number filled in (encoded in the SVG's path), and no warning.
    const lan = await t
      .http()
      .get(`/api/sittings/${s.sittingId}/tickets`)
      .set('host', 'exam.linyi.local:8080')
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(lan.text).toContain('http://exam.linyi.local:8080/exam');
    expect(lan.text).not.toContain('只能在服务器本机打开');
    expect(lan.text.match(/<svg/g)?.length).toBe(s.candidates.length);
    expect(lan.text).toContain('临沂市应急管理局');
    const list = await t
      .http()
      .get(`/api/sittings/${s.sittingId}/candidates`)
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect(JSON.stringify(list.body)).not.toContain(idOf(s, 0));
  });
});

describe('candidate login limits', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', 'sessions_limits', {
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '3',
      CANDIDATE_LOGIN_TICKET_LIMIT: '3',
      CANDIDATE_LOGIN_IP_LIMIT: '100',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => t.close());

  it('limits each ticket strictly while the room’s shared address may go on', async () => {
    const admin = await t.login();
    const s = await seedSitting(base, admin, { campaignId: 7, durationSeconds: 60 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await candidateLogin(base, s.candidates[0].ticketNumber, '110101199003074477', s.accessCode)).status,
      );
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const other = await candidateLogin(
      base,
      s.candidates[1].ticketNumber,
      simpleIdNumber(s.candidates[1].technicianId),
      s.accessCode,
    );
    expect(other.status).toBe(200);
  });
});
