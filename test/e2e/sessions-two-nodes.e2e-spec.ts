import type { LiveEvent, LiveSnapshot } from '../../src/proctoring/live-row';
import type { AnswerAck, ExamReply, ExamState, ReportAck } from '../../src/sessions/exam-socket.types';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { ChildServer, startChildServer } from '../support/child-server';
import { createTestDatabase, openTestDataSource } from '../support/test-db';
import {
  api,
  ask,
  candidateLogin,
  connectExam,
  connectProctor,
  createProctor,
  disconnected,
  seedSitting,
  staffLogin,
} from '../support/socket-helpers';
import { REDIS_TEST_URL as REDIS_URL, itWithCluster } from '../support/redis';

/**
 * Two app processes on different ports sharing MariaDB and Redis: a candidate on node A, the proctor on
 * node B. In CI both services are always there; elsewhere the test is skipped when either is missing.
 */
describe('two nodes sharing MySQL and Redis', () => {
  const nodes: ChildServer[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  itWithCluster(
    'lets a proctor on one node watch and act on a candidate on the other',
    async () => {
      const db = await createTestDatabase('mysql', 'sessions_two_nodes');
      const env = {
        DATABASE_URL: db.url!,
        REDIS_URL,
        SOCKET_IO_REDIS_KEY: `choukao-test-${process.pid}`,
        JWT_SECRET: 'two-node-secret-two-node-secret-0123456',
        ADMIN_PASSWORD: 'admin-password-1',
        SESSIONS_SIMPLE_SOURCES: 'true',
        SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
        SESSIONS_SIMPLE_QUESTIONS: '6',
        PROCTOR_VIEW_FLUSH_MS: '100',
        LOGIN_RATE_LIMIT: '8',
        LOG_LEVEL: 'error',
      };
      // Migrate first, so that the two nodes can start side by side.
      await (await openTestDataSource(db)).destroy();
      const [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
      nodes.push(a, b);

      const admin = await staffLogin(a.url, 'admin', 'admin-password-1');
      const p = await createProctor(a.url, admin, 'proctor-b');
      const s = await seedSitting(a.url, admin, { campaignId: 3, durationSeconds: 900, proctorIds: [p.id] });
      const [first, second] = s.candidates;

      const login = await candidateLogin(
        a.url,
        first.ticketNumber,
        simpleIdNumber(first.technicianId),
        s.accessCode,
      );
      const cand = await connectExam(a.url, login.token);
      const proctor = await connectProctor(b.url, p.token);
      const watch = await ask<{ ok: boolean; snapshot: LiveSnapshot }>(proctor.socket, 'sitting.watch', {
        sittingId: s.sittingId,
      });
      expect(watch.snapshot.rows.find((r) => r.sittingCandidateId === first.id)).toMatchObject({
        state: 'waiting',
        connected: true,
      });

      // Admitted on B, the candidate on A is told.
      const admitted = cand.next('exam.state', (st: ExamState) => st.status === 'admitted');
      expect(
        await ask(proctor.socket, 'candidate.act', {
          sittingId: s.sittingId,
          sittingCandidateId: first.id,
          action: 'admit',
          reason: '核验无误',
        }),
      ).toMatchObject({ ok: true });
      await admitted;
      const started = (await ask<ExamReply>(cand.socket, 'exam.start')) as { ok: true; state: ExamState };
      expect(started.ok).toBe(true);

      // What happens on A reaches the proctor on B.
      const seen = proctor.next('sitting.events', (m: { events: LiveEvent[] }) =>
        m.events.some((e) => e.kind === 'fullscreen-exit'),
      );
      expect(
        await ask<ReportAck>(cand.socket, 'proctoring.report', { kind: 'fullscreen-exit' }),
      ).toMatchObject({ ok: true });
      await seen;
      const progress = proctor.next(
        'sitting.rows',
        (m: { rows: Array<{ sittingCandidateId: number; answeredCount?: number }> }) =>
          m.rows.some((r) => r.sittingCandidateId === first.id && r.answeredCount === 1),
      );
      const q = started.state.paper!.sections[0].questions[0];
      expect(
        await ask<AnswerAck>(cand.socket, 'answer.save', {
          questionId: q.questionId,
          response: true,
          revision: 1,
        }),
      ).toMatchObject({ ok: true });
      await progress;

      // A force submit on B reaches the candidate on A.
      const forced = cand.next('exam.submitted');
      expect(
        await ask(proctor.socket, 'candidate.act', {
          sittingId: s.sittingId,
          sittingCandidateId: first.id,
          action: 'force-submit',
          reason: '统一收卷',
        }),
      ).toMatchObject({ ok: true, row: { state: 'submitted' } });
      expect(await forced).toMatchObject({ reason: 'proctor' });

      // A second login through B takes over a socket held on A.
      const l2 = await candidateLogin(
        a.url,
        second.ticketNumber,
        simpleIdNumber(second.technicianId),
        s.accessCode,
      );
      const onA = await connectExam(a.url, l2.token);
      const told = onA.next('session.taken-over');
      const dropped = disconnected(onA.socket);
      expect(
        (await candidateLogin(b.url, second.ticketNumber, simpleIdNumber(second.technicianId), s.accessCode))
          .status,
      ).toBe(200);
      await told;
      await dropped;
      const events = await api<LiveEvent[]>(
        b.url,
        'GET',
        `/api/sittings/${s.sittingId}/events`,
        undefined,
        p.token,
      );
      expect(events.body.map((e) => e.kind)).toContain('second-login');

      // The sign-in limit is the deployment's, not each node's: attempts on either node count against it (the
      // staff sign-ins above included), so alternating between the nodes buys no extra guesses.
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${(i % 2 === 0 ? a : b).url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
        });
        statuses.push(res.status);
      }
      expect(statuses.filter((x) => x === 401).length).toBeLessThan(8);
      expect(statuses.slice(-4)).toEqual([429, 429, 429, 429]);

      cand.close();
      proctor.close();
    },
    400_000,
  );
});
