import { CAMPAIGN_FROZEN_MESSAGE } from '../../src/sessions/campaign-freeze';
import { SittingCandidate } from '../../src/sessions/sitting-candidate.entity';
import { Sitting } from '../../src/sessions/sitting.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, seedCampaign } from './scoring-fixture';

/*
 * Issue 14 items 6 and 7: once a campaign's results are published its sittings, placements and attempts no
 * longer change (corrections go through objections and key corrections with a new published version); a
 * sitting needs an existing, drawn campaign.
 */
describe.each(databasesUnderTest())('campaign freeze on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'freeze');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    admin = await t.login();
  });

  const sittingBody = (campaignId: number) => ({
    campaignId,
    name: '补考场次',
    mode: 'room',
    location: '市应急管理局 302 室',
    windowStart: new Date(Date.now() - 60_000).toISOString(),
    windowEnd: new Date(Date.now() + 3600_000).toISOString(),
    durationSeconds: 1800,
    lateEntrySeconds: 900,
    capacity: 10,
  });

  function expectFrozen(res: { status: number; body: { code?: string; message?: string } }): void {
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('campaign-published');
    expect(res.body.message).toBe(CAMPAIGN_FROZEN_MESSAGE);
    expect(res.body.message).toContain('异议');
  }

  it('refuses to change sittings, placements and attempts of a published campaign', async () => {
    const fx = await seedCampaign(t, admin);
    const [absent, ...rest] = fx.candidates;
    for (const c of rest) {
      await addAttempt(t, c, new Map(c.paper.questions.map((q) => [q.questionId, q.key])), 'submitted');
    }
    const sittings = t.ds.getRepository(Sitting);
    const placements = t.ds.getRepository(SittingCandidate);
    const past = await sittings.findOneByOrFail({ id: fx.sittingId });

    // Before publication the sitting is still the administrator's to edit, and the absent candidate can sign in.
    await t.http().patch(`/api/sittings/${fx.sittingId}`).set(auth()).send({ name: '第一场' }).expect(200);
    await sittings.update({ id: fx.sittingId }, { windowEnd: new Date(Date.now() + 3600_000) });
    const early = await t
      .http()
      .post('/api/exam/login')
      .send({ ticketNumber: absent.ticketNumber, idNumber: absent.sample.idNumber, accessCode: '123456' })
      .expect(200);
    const token = (early.body as { accessToken: string }).accessToken;
    await sittings.update({ id: fx.sittingId }, { windowEnd: past.windowEnd });

    await t
      .http()
      .post(`/api/publication/campaigns/${fx.campaignId}/publish`)
      .set(auth())
      .send({ objectionInstructions: '请在公示期内提交书面异议。' })
      .expect(201);

    // No new sitting, no edit of the old one, no proctors, no papers, no access code.
    expectFrozen(await t.http().post('/api/sittings').set(auth()).send(sittingBody(fx.campaignId)));
    expectFrozen(await t.http().patch(`/api/sittings/${fx.sittingId}`).set(auth()).send({ name: '改名' }));
    expectFrozen(
      await t.http().put(`/api/sittings/${fx.sittingId}/proctors`).set(auth()).send({ userIds: [] }),
    );
    expectFrozen(await t.http().post(`/api/sittings/${fx.sittingId}/papers`).set(auth()).send({}));
    expectFrozen(
      await t.http().post(`/api/sittings/${fx.sittingId}/access-code/reveal`).set(auth()).send({}),
    );
    expect((await sittings.findOneByOrFail({ id: fx.sittingId })).name).toBe('第一场');

    // Nor may a proctor's action change an attempt behind the published results.
    expectFrozen(
      await t
        .http()
        .post(`/api/sittings/${fx.sittingId}/candidates/${rest[0].sittingCandidateId}/actions`)
        .set(auth())
        .send({ action: 'void', reason: '公示后补报的作弊线索' }),
    );
    expectFrozen(
      await t
        .http()
        .post(`/api/sittings/${fx.sittingId}/admit-all`)
        .set(auth())
        .send({ reason: '统一准入', includeNotLoggedIn: true }),
    );
    const voided: unknown[] = await t.ds.query("SELECT id FROM attempts WHERE status = 'voided'");
    expect(voided).toHaveLength(0);

    // The absent candidate (as if they had never signed in) cannot be taken out of the sitting or placed again.
    await placements.update({ id: absent.sittingCandidateId }, { lastLoginAt: null });
    expectFrozen(
      await t
        .http()
        .delete(`/api/sittings/${fx.sittingId}/candidates/${absent.sittingCandidateId}`)
        .set(auth()),
    );
    expectFrozen(
      await t
        .http()
        .post(`/api/sittings/${fx.sittingId}/candidates`)
        .set(auth())
        .send({ technicianIds: [absent.sample.technicianId] }),
    );
    expect(await placements.countBy({ campaignId: fx.campaignId })).toBe(fx.candidates.length);

    // Even with the window open again, the candidate can neither start with the earlier login nor sign in.
    await sittings.update({ id: fx.sittingId }, { windowEnd: new Date(Date.now() + 3600_000) });
    expectFrozen(
      await t
        .http()
        .post('/api/exam/start')
        .set({ authorization: `Bearer ${token}` })
        .send({}),
    );
    expectFrozen(
      await t
        .http()
        .post('/api/exam/login')
        .send({ ticketNumber: absent.ticketNumber, idNumber: absent.sample.idNumber, accessCode: '123456' }),
    );
    const attempts: unknown[] = await t.ds.query('SELECT id FROM attempts WHERE sitting_candidate_id = ?', [
      absent.sittingCandidateId,
    ]);
    expect(attempts).toHaveLength(0);
  });

  it('creates a sitting only for an existing, drawn campaign', async () => {
    const missing = await t.http().post('/api/sittings').set(auth()).send(sittingBody(987_654));
    expect(missing.status).toBe(404);
    expect((missing.body as { message: string }).message).toContain('评定批次');

    const created = await t
      .http()
      .post('/api/campaigns')
      .set(auth())
      .send({ name: '2027年度分类等级评定（未抽取）', year: 2027 })
      .expect(201);
    const undrawn = await t
      .http()
      .post('/api/sittings')
      .set(auth())
      .send(sittingBody((created.body as { id: number }).id));
    expect(undrawn.status).toBe(409);
    expect(undrawn.body).toMatchObject({ code: 'campaign-not-drawn' });
    expect(await t.ds.getRepository(Sitting).count()).toBe(0);

    const fx = await seedCampaign(t, admin);
    await t.http().post('/api/sittings').set(auth()).send(sittingBody(fx.campaignId)).expect(201);
  });
});
