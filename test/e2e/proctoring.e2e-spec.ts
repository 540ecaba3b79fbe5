import type { LiveCandidateRow, LiveEvent, LiveSnapshot } from '../../src/proctoring/live-row';
import type { ExamReply, ExamState, ReportAck } from '../../src/sessions/exam-socket.types';
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
  eventually,
  seedSitting,
} from '../support/socket-helpers';

type Rows = { sittingId: number; rows: Array<Partial<LiveCandidateRow> & { sittingCandidateId: number }> };

describe.each(databasesUnderTest())('live proctoring on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let campaign = 100;

  beforeAll(async () => {
    t = await createTestApp(kind, 'proctoring', {
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

  it('shows every candidate live: login, connection, progress, reported events, thresholds and actions', async () => {
    const p = await createProctor(base, admin, `p${campaign}`);
    const s = await seedSitting(base, admin, {
      campaignId: campaign,
      durationSeconds: 900,
      proctorIds: [p.id],
    });
    const proctor = await connectProctor(base, p.token);
    expect(proctor.error).toBeNull();
    const watch = await ask<{ ok: true; snapshot: LiveSnapshot }>(proctor.socket, 'sitting.watch', {
      sittingId: s.sittingId,
    });
    expect(watch.ok).toBe(true);
    expect(watch.snapshot.rows.map((r) => [r.state, r.connected])).toEqual([
      ['not-logged-in', false],
      ['not-logged-in', false],
      ['not-logged-in', false],
    ]);

    const rowOf = (id: number, match: (r: Partial<LiveCandidateRow>) => boolean) =>
      proctor.next('sitting.rows', (m: Rows) => m.rows.some((r) => r.sittingCandidateId === id && match(r)));

    // Login and connection.
    const cid = s.candidates[0].id;
    const waiting = rowOf(cid, (r) => r.state === 'waiting');
    const login = await candidateLogin(
      base,
      s.candidates[0].ticketNumber,
      simpleIdNumber(s.candidates[0].technicianId),
      s.accessCode,
    );
    await waiting;
    const online = rowOf(cid, (r) => r.connected === true);
    const cand = await connectExam(base, login.token);
    await online;

    // Admission over the proctor's socket, then progress.
    const noReason = await ask<{ ok: boolean; code: string }>(proctor.socket, 'candidate.act', {
      sittingId: s.sittingId,
      sittingCandidateId: cid,
      action: 'admit',
      reason: '',
    });
    expect(noReason).toMatchObject({ ok: false, code: 'invalid-message' });
    const admitted = await ask<{ ok: boolean; row: LiveCandidateRow }>(proctor.socket, 'candidate.act', {
      sittingId: s.sittingId,
      sittingCandidateId: cid,
      action: 'admit',
      reason: '核验身份证无误',
    });
    expect(admitted).toMatchObject({ ok: true, row: { state: 'admitted' } });
    const started = (await ask<ExamReply>(cand.socket, 'exam.start')) as { state: ExamState };
    const inProgress = rowOf(cid, (r) => r.state === 'in-progress' && r.questionCount === 6);
    const progress = rowOf(cid, (r) => r.answeredCount === 2);
    const qs = started.state.paper!.sections.flatMap((x) => x.questions);
    const firstAck = await ask(cand.socket, 'answer.save', {
      questionId: qs[0].questionId,
      response: true,
      revision: 1,
    });
    expect(firstAck).toEqual(expect.objectContaining({ ok: true }));
    expect(
      await ask(cand.socket, 'answer.save', { questionId: qs[1].questionId, response: false, revision: 1 }),
    ).toMatchObject({ ok: true });
    const row = (await inProgress) as Rows;
    expect(row.rows.find((r) => r.sittingCandidateId === cid)?.deadline).toBe(started.state.deadline);
    await progress;

    // Reported events, with server time; the third focus loss warns the candidate and the proctor sees it.
    const autoWarned = cand.next(
      'exam.warning',
      (w: { source: string; message: string }) => w.source === 'system' && w.message.includes('离开'),
    );
    const feed = proctor.next('sitting.events', (m: { events: LiveEvent[] }) =>
      m.events.some((e) => e.kind === 'auto-warning'),
    );
    for (const k of ['blur', 'visibility-hidden', 'paste', 'blur'] as const) {
      const ack = await ask<ReportAck>(cand.socket, 'proctoring.report', {
        kind: k,
        clientTime: new Date(Date.now() - 3_600_000).toISOString(),
      });
      expect(ack).toMatchObject({ ok: true, deadline: started.state.deadline });
    }
    expect(await ask<ReportAck>(cand.socket, 'proctoring.report', { kind: 'screenshot' })).toMatchObject({
      ok: false,
    });
    expect(await autoWarned).toMatchObject({
      message: expect.stringContaining('离开考试页面'),
      deadline: started.state.deadline,
    });
    await feed;
    const counted = await eventually(async () => {
      const snap = await api<LiveSnapshot>(
        base,
        'GET',
        `/api/sittings/${s.sittingId}/live`,
        undefined,
        p.token,
      );
      const r = snap.body.rows.find((x) => x.sittingCandidateId === cid)!;
      return r.eventCounts.blur === 2 ? r : undefined;
    });
    expect(counted.eventCounts).toMatchObject({
      blur: 2,
      'visibility-hidden': 1,
      paste: 1,
      'auto-warning': 2,
    });
    expect(counted.lastEvent?.kind).toBeDefined();
    const stored: Array<{ at: Date | string; client_at: Date | string }> = await t.ds.query(
      `SELECT at, client_at FROM proctoring_events WHERE sitting_candidate_id = ${cid} AND kind = 'blur'`,
    );
    // The server's time is what counts; the browser's clock (an hour off here) is kept for the record only.
    const at = new Date(
      String(stored[0].at instanceof Date ? stored[0].at.toISOString() : `${stored[0].at}Z`),
    );
    expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(60_000);

    // A proctor's warning reaches the candidate at once.
    const warned = cand.next('exam.warning', (w: { source: string }) => w.source === 'proctor');
    await ask(proctor.socket, 'candidate.act', {
      sittingId: s.sittingId,
      sittingCandidateId: cid,
      action: 'warn',
      reason: '东张西望',
      message: '请独立作答，勿左顾右盼',
    });
    expect(await warned).toMatchObject({ message: '请独立作答，勿左顾右盼' });

    // Disconnection shows at once.
    const offline = rowOf(cid, (r) => r.connected === false);
    cand.close();
    await offline;
    proctor.close();
  });

  it('keeps proctors to their own sittings and refuses sockets without a staff token', async () => {
    const mine = await createProctor(base, admin, `m${campaign}`);
    const other = await createProctor(base, admin, `o${campaign}`);
    const s = await seedSitting(base, admin, {
      campaignId: campaign,
      durationSeconds: 600,
      proctorIds: [mine.id],
    });
    const sock = await connectProctor(base, other.token);
    expect(await ask(sock.socket, 'sitting.watch', { sittingId: s.sittingId })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    sock.close();
    expect(
      (await api(base, 'POST', `/api/sittings/${s.sittingId}/admit-all`, { reason: '统一入场' }, other.token))
        .status,
    ).toBe(403);

    const nobody = await connectProctor(base, 'not-a-token');
    expect(nobody.error).toMatchObject({ code: 'unauthenticated' });
    const login = await candidateLogin(
      base,
      s.candidates[0].ticketNumber,
      simpleIdNumber(s.candidates[0].technicianId),
      s.accessCode,
    );
    const asCandidate = await connectProctor(base, login.token);
    expect(asCandidate.error).toMatchObject({ code: 'unauthenticated' });
    const badExam = await connectExam(base, mine.token);
    expect(badExam.error).toMatchObject({ code: 'http-401' });

    // The whole room at once: only those who signed in.
    const all = await api<{ admitted: number }>(
      base,
      'POST',
      `/api/sittings/${s.sittingId}/admit-all`,
      { reason: '已逐一核验身份' },
      mine.token,
    );
    expect(all.body).toEqual({ admitted: 1 });
  });
});
