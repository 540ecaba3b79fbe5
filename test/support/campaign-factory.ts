import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import type { SampledTechnician } from '../../src/sampling/sampled-technician';
import { seedBank } from './bank-factory';
import { importRoster } from './roster-factory';
import type { TestApp } from './test-app';

/**
 * A drawn campaign over a roster of five agencies in two disciplines (机械 and 危险化学品), with the synthetic
 * approved bank of seedBank covering both; returns the campaign id and its sample.
 */
export async function drawnTwoDisciplineCampaign(
  t: TestApp,
  token: string,
): Promise<{ campaignId: number; sample: SampledTechnician[] }> {
  const auth = { authorization: `Bearer ${token}` };
  const roster = generateFictionalRoster({ agencies: 5, perAgency: [4, 7], seed: 5 });
  roster.technicians.forEach((tech, i) => {
    tech.disciplineName = i % 3 === 0 ? '机械' : '危险化学品';
    tech.active = true;
  });
  await importRoster(t, token, roster);
  await seedBank(t.ds);
  const created = await t
    .http()
    .post('/api/campaigns')
    .set(auth)
    .send({ name: '2026年度分类等级评定', year: 2026 })
    .expect(201);
  const campaignId = (created.body as { id: number }).id;
  await t.http().post(`/api/campaigns/${campaignId}/freeze`).set(auth).send({}).expect(200);
  await t
    .http()
    .post(`/api/campaigns/${campaignId}/draw`)
    .set(auth)
    .send({ entropy: '见证人摇号 07 15 23 31 42' })
    .expect(200);
  const sample = (await t.http().get(`/api/campaigns/${campaignId}/sample`).set(auth).expect(200))
    .body as SampledTechnician[];
  return { campaignId, sample };
}
