import type { AnswerAck, ExamReply, ExamState } from '../../src/sessions/exam-socket.types';
import { simpleIdNumber } from '../../src/sessions/simple-sources';
import { ChildServer, startChildServer } from '../support/child-server';
import { createTestDatabase, databasesUnderTest } from '../support/test-db';
import { api, ask, candidateLogin, connectExam, seedSitting, staffLogin } from '../support/socket-helpers';

const ADMIN_PASSWORD = 'admin-password-1';

describe.each(databasesUnderTest())('a server killed mid-exam on %s', (kind) => {
  let server: ChildServer | null = null;
  afterEach(async () => {
    await server?.kill();
  });

  it('keeps every acknowledged answer, and the attempt goes on after the restart', async () => {
    const db = await createTestDatabase(kind, `sessions_crash_${kind}`);
    const env = {
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      SQLITE_PATH: db.sqlitePath,
      JWT_SECRET: 'crash-test-secret-crash-test-secret-0123',
      ADMIN_PASSWORD,
      SESSIONS_SIMPLE_SOURCES: 'true',
      SESSIONS_SIMPLE_SAMPLE_SIZE: '2',
      SESSIONS_SIMPLE_QUESTIONS: '60',
      LOG_LEVEL: 'fatal',
    };
    server = await startChildServer(env);
    const admin = await staffLogin(server.url, 'admin', ADMIN_PASSWORD);
    const s = await seedSitting(server.url, admin, { campaignId: 1, durationSeconds: 900 });
    const login = await candidateLogin(
      server.url,
      s.candidates[0].ticketNumber,
      simpleIdNumber(s.candidates[0].technicianId),
      s.accessCode,
    );
    await api(
      server.url,
      'POST',
      `/api/sittings/${s.sittingId}/candidates/${s.candidates[0].id}/actions`,
      { action: 'admit', reason: '核验无误' },
      admin,
    );
    const c = await connectExam(server.url, login.token);
    const started = (await ask<ExamReply>(c.socket, 'exam.start')) as { ok: true; state: ExamState };
    const questions = started.state.paper!.sections.flatMap((x) => x.questions);
    const deadline = started.state.deadline;

    // Answer continuously, 8 writes in flight; kill the server once 40 writes are acknowledged.
    const acked = new Map<number, number>();
    let sent = 0;
    let killed = false;
    const responseFor = (type: string, n: number) =>
      type === 'judge'
        ? n % 2 === 0
        : type === 'single'
          ? ['A', 'B', 'C', 'D'][n % 4]
          : [['A', 'B'], ['C'], ['B', 'E']][n % 3];
    const worker = async () => {
      while (!killed) {
        const n = sent++;
        const q = questions[n % questions.length];
        const revision = Math.floor(n / questions.length) + 1;
        try {
          const ack = await c.socket.timeout(3000).emitWithAck('answer.save', {
            questionId: q.questionId,
            response: responseFor(q.type, revision),
            revision,
          });
          const a = ack as AnswerAck;
          if (a.ok) {
            acked.set(q.questionId, Math.max(acked.get(q.questionId) ?? 0, a.revision));
            if (sent >= 40 && !killed) {
              killed = true;
              await server!.kill();
            }
          }
        } catch {
          return; // no acknowledgement: the write may or may not have landed; the page would resend it
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    c.close();
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThan(10);

    server = await startChildServer({ ...env, DB_MIGRATE_ON_START: 'true' });
    const again = await connectExam(server.url, login.token);
    expect(again.state).toMatchObject({ status: 'in-progress', deadline });
    const stored = new Map(again.state!.responses.map((r) => [r.questionId, r.revision]));
    for (const [questionId, revision] of acked) {
      expect(stored.get(questionId)).toBeGreaterThanOrEqual(revision);
    }
    const more = await ask<AnswerAck>(again.socket, 'answer.save', {
      questionId: questions[0].questionId,
      response: true,
      revision: 1000,
    });
    expect(more).toMatchObject({ ok: true, revision: 1000, deadline });
    again.close();
  }, 400_000);
});
