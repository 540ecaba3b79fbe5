import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, seedCampaign } from './scoring-fixture';

/** The filer of an objection reads its answer online with the receipt code they were given, and only they can. */
describe.each(databasesUnderTest())('objection receipts on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'objection_receipts');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('gives a receipt code, answers only to it, and requires a verdict to answer', async () => {
    const fx = await seedCampaign(t, admin);
    for (const c of fx.candidates) {
      await addAttempt(t, c, new Map(c.paper.questions.map((q) => [q.questionId, q.key])), 'submitted');
    }
    const { campaignId } = fx;
    await t.http().post(`/api/publication/campaigns/${campaignId}/publish`).set(auth()).send({}).expect(201);

    const filed = await t
      .http()
      .post(`/api/public/results/${campaignId}/objections`)
      .send({ name: '王异议', contact: '13800000000', content: '第 3 题答案与法条不符', target: '序号 2' })
      .expect(201);
    const { id, receiptCode } = filed.body as { id: number; receiptCode: string };
    expect(receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(filed.body.message).toContain(receiptCode);

    const status = (code: string) =>
      t.http().post(`/api/public/results/${campaignId}/objections/status`).send({ receiptCode: code });
    const open = await status(receiptCode.toLowerCase()).expect(200);
    expect(open.body).toMatchObject({
      id,
      status: 'open',
      statusName: '处理中',
      answer: null,
      target: '序号 2',
    });
    expect(JSON.stringify(open.body)).not.toContain('13800000000');
    // The number alone, a wrong code and a malformed one open nothing.
    await status('2222-2222-2222-2222').expect(404);
    await status(String(id)).expect(400);

    // An answer without a verdict is refused; with one, the filer reads it.
    const noVerdict = await t
      .http()
      .post(`/api/publication/objections/${id}/answer`)
      .set(auth())
      .send({ answer: '经核查，第 3 题答案无误' })
      .expect(400);
    expect(JSON.stringify(noVerdict.body)).toContain('处理结论');
    await t
      .http()
      .post(`/api/publication/objections/${id}/answer`)
      .set(auth())
      .send({ answer: '经核查，第 3 题答案与《安全生产法》第二十一条一致，异议不成立', outcome: 'rejected' })
      .expect(200);
    const answered = await status(receiptCode).expect(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      statusName: '已答复',
      outcome: 'rejected',
      outcomeName: '异议不成立',
      answer: '经核查，第 3 题答案与《安全生产法》第二十一条一致，异议不成立',
    });
    // Another campaign's page does not open it.
    await t
      .http()
      .post(`/api/public/results/${campaignId + 1}/objections/status`)
      .send({ receiptCode })
      .expect(404);
  });
});
