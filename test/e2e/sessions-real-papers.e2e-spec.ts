import type { AnswerAck, ExamReply, ExamState } from '../../src/sessions/exam-socket.types';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { api, ask, candidateLogin, connectExam, eventually, keyLikeFields } from '../support/socket-helpers';
import { seedCampaign } from './scoring-fixture';

/**
 * With the real draw and the real frozen papers (items with keys, bases and explanations in the bank): every
 * event and response a candidate receives is free of them.
 */
describe.each(databasesUnderTest())('a candidate with a real paper on %s', (kind) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(kind, 'sessions_real', { PROCTOR_VIEW_FLUSH_MS: '50' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await t.reset();
  });
  afterAll(() => t.close());

  it('receives the paper and every acknowledgement without keys, bases or explanations', async () => {
    const admin = await t.login();
    const f = await seedCampaign(t, admin);
    // Open the fixture's (past) sitting now, and let the candidate sign in afresh.
    const now = Date.now();
    await t.ds.query(`UPDATE sittings SET window_start = ?, window_end = ? WHERE id = ${f.sittingId}`, [
      ...[new Date(now - 1000), new Date(now + 3_600_000)].map((d) =>
        kind === 'sqlite' ? d.toISOString().replace('T', ' ').replace('Z', '') : d,
      ),
    ]);
    const cand = f.candidates[0];
    const login = await candidateLogin(base, cand.ticketNumber, cand.sample.idNumber, '123456');
    expect(login.status).toBe(200);
    const seen: unknown[] = [login.body];
    const c = await connectExam(base, login.token);
    const started = await ask<ExamReply>(c.socket, 'exam.start');
    seen.push(started);
    expect(started.ok).toBe(true);
    const state = (started as { state: ExamState }).state;
    const delivered = state.paper!.sections.flatMap((s) => s.questions);
    expect(delivered.map((q) => q.questionId).sort((a, b) => a - b)).toEqual(
      cand.paper.questions.map((q) => q.questionId).sort((a, b) => a - b),
    );
    for (const q of cand.paper.questions) {
      const ack = await ask<AnswerAck>(c.socket, 'answer.save', {
        questionId: q.questionId,
        response: q.key,
        revision: 1,
      });
      expect(ack.ok).toBe(true);
      seen.push(ack);
    }
    seen.push(await ask(c.socket, 'proctoring.report', { kind: 'paste' }));
    seen.push((await api(base, 'GET', '/api/exam/state', undefined, login.token)).body);
    seen.push(await ask(c.socket, 'exam.sync'));
    seen.push(await ask(c.socket, 'exam.submit'));
    await eventually(() => Promise.resolve(c.received.some((r) => r.event === 'exam.submitted')));
    seen.push(...c.received.map((r) => r.args));
    expect(c.received.map((r) => r.event)).toEqual(
      expect.arrayContaining(['exam.state', 'exam.warning', 'exam.submitted']),
    );

    expect(keyLikeFields(seen)).toEqual([]);
    const text = JSON.stringify(seen);
    expect(text).not.toContain('的条文'); // every basis in the fixture's bank reads "<source><article>的条文"
    expect(text).not.toContain('解析'); // and every explanation "解析"
    c.close();
  });
});
