import { SittingCandidate } from '../../src/sessions/sitting-candidate.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, seedCampaign } from './scoring-fixture';

/**
 * A drawn technician whom nobody placed in a sitting is not silently scored 0: results are refused, naming
 * them, until they are placed, excused with a substitute, or their absence is recorded with a reason.
 */
describe.each(databasesUnderTest())('drawn technicians without a sitting on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'unplaced');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('refuses the components while someone is unplaced, and counts them 0 once their absence is recorded', async () => {
    const fx = await seedCampaign(t, admin);
    const [taken, unplaced] = fx.candidates;
    await addAttempt(t, taken, new Map(taken.paper.questions.map((q) => [q.questionId, q.key])), 'submitted');
    // The administrator never placed this one (their placement is removed as if never made).
    await t.ds.getRepository(SittingCandidate).delete({ id: unplaced.sittingCandidateId });

    const results = (
      await t.http().get(`/api/scoring/campaigns/${fx.campaignId}/results`).set(auth()).expect(200)
    ).body as Array<{ technicianId: number; standing: string; score: string }>;
    expect(results.find((r) => r.technicianId === unplaced.sample.technicianId)?.standing).toBe('unplaced');

    const refused = await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/components`)
      .set(auth())
      .send({})
      .expect(409);
    expect(refused.body.code).toBe('results_unplaced');
    expect(refused.body.message).toContain(unplaced.sample.name);
    expect(refused.body.message).toContain('登记无故缺考');
    expect(refused.body.details.unplaced).toEqual([
      expect.objectContaining({ technicianId: unplaced.sample.technicianId }),
    ]);

    // A reason is required, and someone who sat the exam has no absence to record.
    const noReason = await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/absences`)
      .set(auth())
      .send({ technicianId: unplaced.sample.technicianId })
      .expect(400);
    expect(JSON.stringify(noReason.body)).toContain('缺考原因');
    await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/absences`)
      .set(auth())
      .send({ technicianId: taken.sample.technicianId, reason: '未到场' })
      .expect(422);

    await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/absences`)
      .set(auth())
      .send({ technicianId: unplaced.sample.technicianId, reason: '经电话通知，本人拒不参加考试' })
      .expect(201);
    await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/absences`)
      .set(auth())
      .send({ technicianId: unplaced.sample.technicianId, reason: '再次登记' })
      .expect(409);

    const components = (
      await t
        .http()
        .post(`/api/scoring/campaigns/${fx.campaignId}/components`)
        .set(auth())
        .send({})
        .expect(200)
    ).body as Array<{
      agencyId: number;
      inputs: Array<{ technicianId: number; standing: string; score: string }>;
    }>;
    const input = components
      .flatMap((c) => c.inputs)
      .find((i) => i.technicianId === unplaced.sample.technicianId);
    expect(input).toMatchObject({ standing: 'absent', score: '0.00' });
    const after = (
      await t.http().get(`/api/scoring/campaigns/${fx.campaignId}/results`).set(auth()).expect(200)
    ).body as Array<{ technicianId: number; standing: string; absenceReason: string | null }>;
    expect(after.find((r) => r.technicianId === unplaced.sample.technicianId)).toMatchObject({
      standing: 'absent',
      absenceReason: '经电话通知，本人拒不参加考试',
    });

    // Withdrawn (say, to place them after all), they block the results again.
    await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/absences/${unplaced.sample.technicianId}/withdraw`)
      .set(auth())
      .send({ reason: '误登记，另行安排考试' })
      .expect(204);
    await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/components`)
      .set(auth())
      .send({})
      .expect(409);
  });
});
