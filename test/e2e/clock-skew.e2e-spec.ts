import { join } from 'node:path';
import type { NodeClockMessage } from '../../src/proctoring/live-row';
import type { AnswerAck, ExamReply, ExamState } from '../../src/sessions/exam-socket.types';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { ChildServer, startChildServer } from '../support/child-server';
import { REDIS_TEST_URL as REDIS_URL, itWithCluster } from '../support/redis';
import {
  api,
  ask,
  candidateLogin,
  connectExam,
  connectProctor,
  createProctor,
  seedSitting,
  staffLogin,
} from '../support/socket-helpers';
import { createTestDatabase, openTestDataSource } from '../support/test-db';

const SKEW_MS = 8000;
const DURATION_S = 15;
const PRELOAD = join(__dirname, '../support/skew-clock.js');

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

interface ReadyBody {
  status: string;
  info?: Record<string, Record<string, unknown>>;
  error?: Record<string, Record<string, unknown>>;
  details: Record<string, { status: string; skewMs?: number }>;
}

/**
 * Three app processes on one MariaDB and Redis: one with a true clock, one 8 s fast and one 8 s slow (a preload
 * shifts their `Date`). The test process runs on the database's machine, so its clock is the database's: it
 * is the referee. Candidates start, answer and are submitted on the skewed nodes: every deadline is start +
 * duration by the database's clock, no save after it is accepted, and every automatic submission comes within
 * 2 s after the true deadline. (On SQLite there is one process and its "database clock" is the same machine's
 * clock; the skew test is for MariaDB.)
 */
describe('nodes whose clocks are skewed ±8 s', () => {
  const nodes: ChildServer[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  itWithCluster(
    'judge start, deadline, saves and the sweep by the database clock, and report the skew',
    async () => {
      const db = await createTestDatabase('mysql', 'clock_skew');
      const env = {
        DATABASE_URL: db.url!,
        REDIS_URL,
        SOCKET_IO_REDIS_KEY: `choukao-skew-${process.pid}`,
        JWT_SECRET: 'clock-skew-secret-clock-skew-secret-0123',
        ADMIN_PASSWORD: 'admin-password-1',
        SESSIONS_SIMPLE_SOURCES: 'true',
        SESSIONS_SIMPLE_SAMPLE_SIZE: '4',
        SESSIONS_SIMPLE_QUESTIONS: '6',
        LOGIN_RATE_LIMIT: '100',
        LOG_LEVEL: 'error',
      };
      await (await openTestDataSource(db)).destroy();
      const skewed = (ms: number) => ({
        ...env,
        CLOCK_SKEW_TEST_MS: String(ms),
        NODE_OPTIONS: `--require ${PRELOAD}`,
      });
      const [a, fast, slow] = await Promise.all([
        startChildServer(env),
        startChildServer(skewed(SKEW_MS)),
        startChildServer(skewed(-SKEW_MS)),
      ]);
      nodes.push(a, fast, slow);

      // Readiness: the true node is ready; the skewed ones are not, and say by how much.
      expect((await api(a.url, 'GET', '/health/ready')).status).toBe(200);
      for (const [n, sign] of [
        [fast, 1],
        [slow, -1],
      ] as const) {
        const r = await api<ReadyBody>(n.url, 'GET', '/health/ready');
        expect(r.status).toBe(503);
        expect(r.body.details.clock.status).toBe('down');
        expect(Math.abs(r.body.details.clock.skewMs! - sign * SKEW_MS)).toBeLessThan(300);
      }

      const admin = await staffLogin(a.url, 'admin', 'admin-password-1');
      const p = await createProctor(a.url, admin, 'proctor-skew');
      const s = await seedSitting(a.url, admin, {
        campaignId: 5,
        durationSeconds: DURATION_S,
        proctorIds: [p.id],
      });
      expect(
        (
          await api(
            a.url,
            'POST',
            `/api/sittings/${s.sittingId}/admit-all`,
            { reason: '核验无误', includeNotLoggedIn: true },
            admin,
          )
        ).status,
      ).toBe(200);

      // Every console hears of the skewed nodes, whichever node it is connected to.
      const proctor = await connectProctor(a.url, p.token);
      const heardFast = proctor.next(
        'proctor.clock',
        (m: NodeClockMessage) => !m.ok && m.skewMs! > SKEW_MS - 300,
        8000,
      );
      const heardSlow = proctor.next(
        'proctor.clock',
        (m: NodeClockMessage) => !m.ok && m.skewMs! < -SKEW_MS + 300,
        8000,
      );
      const onFast = await connectProctor(fast.url, p.token);
      const watch = await ask<{ ok: true; snapshot: { clock: NodeClockMessage } }>(
        onFast.socket,
        'sitting.watch',
        {
          sittingId: s.sittingId,
        },
      );
      expect(watch.snapshot.clock).toMatchObject({ ok: false, boundMs: 1000 });

      // Two candidates on each skewed node start there.
      const runs = await Promise.all(
        s.candidates.map(async (c, i) => {
          const node = i % 2 === 0 ? fast : slow;
          const login = await candidateLogin(
            a.url,
            c.ticketNumber,
            simpleIdNumber(c.technicianId),
            s.accessCode,
          );
          const cand = await connectExam(node.url, login.token);
          let submittedAt: number | null = null;
          cand.socket.on('exam.submitted', () => (submittedAt ??= Date.now()));
          const before = Date.now();
          const st = (await ask<ExamReply>(cand.socket, 'exam.start')) as { ok: true; state: ExamState };
          const after = Date.now();
          expect(st.ok).toBe(true);
          const deadline = Date.parse(st.state.deadline!);
          // start + duration by the database's clock (= this process's), not by the node's.
          expect(deadline).toBeGreaterThanOrEqual(before + DURATION_S * 1000 - 50);
          expect(deadline).toBeLessThanOrEqual(after + DURATION_S * 1000 + 50);
          const q = st.state.paper!.sections[0].questions[0].questionId;
          return { c, node, cand, deadline, q, submittedAt: () => submittedAt };
        }),
      );

      const acks: Array<{
        candidate: number;
        node: string;
        offset: number;
        revision: number;
        ack: AnswerAck;
      }> = [];
      const save = async (r: (typeof runs)[number], offsetMs: number, revision: number) => {
        await sleepUntil(r.deadline + offsetMs);
        const ack = await ask<AnswerAck>(r.cand.socket, 'answer.save', {
          questionId: r.q,
          response: revision % 2 === 0,
          revision,
        });
        acks.push({
          candidate: r.c.id,
          node: r.node === fast ? 'fast' : 'slow',
          offset: offsetMs,
          revision,
          ack,
        });
      };
      await Promise.all(
        runs.map(async (r) => {
          await save(r, -1500, 1);
          await save(r, -600, 2);
          await Promise.all([
            save(r, 400, 3),
            save(r, 1200, 4),
            save(r, 2500, 5),
            save(r, 4000, 6),
            save(r, 1000, 2),
          ]);
        }),
      );
      await sleepUntil(Math.max(...runs.map((r) => r.deadline)) + 2500);

      // In time: stored. After the deadline: refused, except the resend of the stored revision 2.
      for (const x of acks) {
        if (x.offset < 0 || x.revision === 2) {
          expect(x).toMatchObject({ ack: { ok: true, revision: 2 >= x.revision ? x.revision : 2 } });
        } else {
          expect(x).toMatchObject({ ack: { ok: false } });
          expect(['deadline-passed', 'submitted']).toContain((x.ack as { code: string }).code);
        }
      }
      // Every automatic submission within 2 s after the true deadline (seen by the candidate and stored).
      const ds = await openTestDataSource(db);
      try {
        for (const r of runs) {
          const seen = r.submittedAt();
          expect(seen).not.toBeNull();
          expect(seen! - r.deadline).toBeGreaterThanOrEqual(0);
          expect(seen! - r.deadline).toBeLessThanOrEqual(2000);
          const [row]: Array<{ status: string; submitted_at: Date; deadline: Date; submit_reason: string }> =
            await ds.query(
              'SELECT status, submitted_at, deadline, submit_reason FROM attempts WHERE sitting_candidate_id = ?',
              [r.c.id],
            );
          expect(row).toMatchObject({ status: 'submitted', submit_reason: 'deadline' });
          expect(row.deadline.getTime()).toBe(r.deadline);
          const late = row.submitted_at.getTime() - r.deadline;
          expect(late).toBeGreaterThanOrEqual(0);
          expect(late).toBeLessThanOrEqual(2000);
          process.stdout.write(
            `[clock-skew] ${r.node === fast ? '+8 s' : '-8 s'} node: submitted ${late} ms after the deadline (stored), seen ${seen! - r.deadline} ms after\n`,
          );
          const [ans]: Array<{ revision: number }> = await ds.query(
            'SELECT a.revision FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.sitting_candidate_id = ?',
            [r.c.id],
          );
          expect(Number(ans.revision)).toBe(2);
        }
      } finally {
        await ds.destroy();
      }

      await heardFast;
      await heardSlow;
      for (const r of runs) {
        r.cand.close();
      }
      proctor.close();
      onFast.close();
    },
    400_000,
  );
});
