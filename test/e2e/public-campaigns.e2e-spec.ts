import { drawnTwoDisciplineCampaign } from '../support/campaign-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

/** The home page lists every frozen campaign's published values (roster hash, commitment) without sign-in. */
describe.each(databasesUnderTest())('public campaign list on %s', (kind) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(kind, 'public_campaigns');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('lists frozen and drawn campaigns with their published values, never drafts', async () => {
    expect((await t.http().get('/api/public/campaigns').expect(200)).body).toEqual([]);
    const { campaignId } = await drawnTwoDisciplineCampaign(t, admin);
    await t
      .http()
      .post('/api/campaigns')
      .set({ authorization: `Bearer ${admin}` })
      .send({ name: '2027年度分类等级评定（草稿）', year: 2027 })
      .expect(201);
    const list = (await t.http().get('/api/public/campaigns').expect(200)).body as Array<{
      id: number;
      status: string;
      rosterHash: string;
      commitment: string;
      commitments: unknown[];
    }>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: campaignId, status: 'drawn' });
    expect(list[0].rosterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(list[0].commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(list[0].commitments).toHaveLength(1);
    expect(JSON.stringify(list)).not.toMatch(/secret|idNumber/);
    expect(list[0]).toEqual((await t.http().get(`/api/public/campaigns/${campaignId}`).expect(200)).body);
  });
});
