import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { FictionalRoster, generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { DrawRecord, verifyDrawRecord } from '../../src/sampling/draw-record';
import { SamplingService } from '../../src/sampling/sampling.service';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Runs `npm run draw:verify -- FILE` (the script itself, without npm's banner) on a record text. */
async function verifyWithScript(text: string): Promise<{ code: number; out: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'choukao-draw-')), 'draw-record.json');
  writeFileSync(file, text);
  try {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/draw-verify.ts', file],
      {
        cwd: ROOT,
      },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

/** Changes one character inside the first JSON string value that follows `anchor` in the record's text. */
function editByteAfter(text: string, anchor: string): string {
  const at = text.indexOf(anchor);
  if (at < 0) {
    throw new Error(`anchor not found: ${anchor}`);
  }
  const i = text.indexOf('"', at + anchor.length) + 3; // a character inside the value
  const replacement = text[i] === '1' ? '2' : '1';
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

describe.each(databasesUnderTest())('sampling on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });
  const importRoster = async (roster: FictionalRoster) => {
    const file = (await buildRosterWorkbook(lists, roster)).toString('base64');
    return t.http().post('/api/roster/import').set(auth()).send({ file }).expect(200);
  };
  const newCampaign = async (body: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post('/api/campaigns')
        .set(auth())
        .send({ name: '2026年度分类等级评定', year: 2026, ...body })
        .expect(201)
    ).body as { id: number };

  beforeAll(async () => {
    t = await createTestApp(kind, 'sampling');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('imports ≥ 50 agencies and ≥ 1,000 technicians, freezes, draws ≥ 50% per agency, and the record verifies', async () => {
    const roster = generateFictionalRoster({
      agencies: 56,
      perAgency: [12, 28],
      seed: 2026,
      emptyAgencies: [55],
    });
    expect(roster.technicians.length).toBeGreaterThanOrEqual(1000);
    await importRoster(roster);

    await t
      .http()
      .post('/api/campaigns')
      .set(auth())
      .send({ name: '低比例', year: 2026, ratio: 0.4 })
      .expect(400);
    const campaign = await newCampaign({ ratio: '0.50' });
    await t.http().get(`/api/public/campaigns/${campaign.id}`).expect(404);
    await t
      .http()
      .post(`/api/campaigns/${campaign.id}/draw`)
      .set(auth())
      .send({ entropy: '1 2 3' })
      .expect(409);

    const frozen = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/freeze`)
      .set(auth())
      .send({})
      .expect(200);
    expect(frozen.body).toMatchObject({ agencies: 56, technicians: roster.technicians.length });
    expect(frozen.body.campaign).toMatchObject({ status: 'frozen', ratio: '0.5', secret: null });
    expect(frozen.body.campaign.rosterHash).toMatch(/^[0-9a-f]{64}$/);
    const published = await t.http().get(`/api/public/campaigns/${campaign.id}`).expect(200);
    expect(published.body).toMatchObject({
      rosterHash: frozen.body.campaign.rosterHash,
      commitment: frozen.body.campaign.commitment,
      technicians: roster.technicians.length,
    });
    expect(JSON.stringify(published.body)).not.toContain('secret');
    await t.http().get(`/api/public/campaigns/${campaign.id}/draw-record`).expect(404);

    await t.http().post(`/api/campaigns/${campaign.id}/draw`).set(auth()).send({}).expect(400);
    const entropy = '见证人现场摇号：07 15 23 31 42（2026-03-02 09:30）';
    const drawn = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/draw`)
      .set(auth())
      .send({ entropy })
      .expect(200);
    expect(drawn.body).toMatchObject({ status: 'drawn', entropy });
    expect(sha256(drawn.body.secret)).toBe(frozen.body.campaign.commitment);
    await t
      .http()
      .post(`/api/campaigns/${campaign.id}/draw`)
      .set(auth())
      .send({ entropy: 'again' })
      .expect(409);

    const figures = await t.http().get(`/api/campaigns/${campaign.id}/figures`).set(auth()).expect(200);
    expect(figures.body).toHaveLength(56);
    for (const f of figures.body as Array<{ n: number; k: number; drawn: number; short: boolean }>) {
      expect(f.k).toBe(Math.ceil(f.n / 2));
      expect(f.drawn).toBe(f.k);
      expect(f.drawn * 2).toBeGreaterThanOrEqual(f.n);
      expect(f.short).toBe(false);
    }
    expect(figures.body.filter((f: { noTechnicians: boolean }) => f.noTechnicians)).toHaveLength(1);

    const res = await t.http().get(`/api/public/campaigns/${campaign.id}/draw-record`).expect(200);
    const record = res.body as DrawRecord;
    expect(record).toMatchObject({ secret: drawn.body.secret, entropy, seed: drawn.body.seed, ratio: '0.5' });
    const text = JSON.stringify(record, null, 2);
    for (const t0 of roster.technicians.slice(0, 50)) {
      expect(text).not.toContain(t0.idNumber);
      expect(text).not.toContain(`"${t0.name}"`);
    }
    const [ok, badDrawn, badRoster] = await Promise.all([
      verifyWithScript(text),
      verifyWithScript(editByteAfter(text, '"drawn": [')),
      verifyWithScript(editByteAfter(text, '"technicians": [\n      {\n        "key": ')),
    ]);
    expect(ok).toEqual({ code: 0, out: expect.stringMatching(/^OK\n/) });
    expect(badDrawn).toEqual({ code: 1, out: expect.stringMatching(/^MISMATCH: agencies\[0\].*drawn\[0\]/) });
    expect(badRoster).toEqual({ code: 1, out: expect.stringMatching(/^MISMATCH: rosterHash/) });

    const service = t.app.get(SamplingService);
    const sample = await service.sampledTechnicians(campaign.id);
    expect(sample).toHaveLength(record.agencies.reduce((s, a) => s + a.k, 0));
    expect(sample.every((s) => s.via === 'drawn')).toBe(true);
    expect(new Set(sample.map((s) => s.technicianKey))).toEqual(
      new Set(record.agencies.flatMap((a) => a.drawn)),
    );
    expect(await service.campaignSeedHex(campaign.id)).toBe(record.seed);
    expect((await service.getCampaign(campaign.id)).status).toBe('drawn');
  });

  it('refuses to freeze or draw over a person active in two agencies until resolved or overridden with a reason', async () => {
    await importRoster(generateFictionalRoster({ agencies: 5, perAgency: [3, 6], seed: 17, conflicts: 1 }));
    const campaign = await newCampaign();
    const refused = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/freeze`)
      .set(auth())
      .send({})
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'roster_conflicts',
      details: { conflicts: [expect.any(Object)] },
    });
    expect(refused.body.details.conflicts[0].idNumber).toMatch(/^\d{2}\*{13}[\dX]{3}$/);

    const reason = '两机构均已书面说明，本批次按现名册执行';
    const frozen = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/freeze`)
      .set(auth())
      .send({ conflictOverrideReason: reason })
      .expect(200);
    expect(frozen.body).toMatchObject({ conflictsOverridden: 1, campaign: { conflictOverride: reason } });
    await t.http().post(`/api/campaigns/${campaign.id}/draw`).set(auth()).send({ entropy: '42' }).expect(200);
    const audit = await t.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'campaign.freeze' });
    expect(JSON.parse(audit.details)).toMatchObject({
      conflictsOverridden: 1,
      conflictOverrideReason: reason,
    });

    // Resolving the conflict lets a later campaign freeze without an override.
    const conflicts = await t.http().get('/api/roster/conflicts').set(auth()).expect(200);
    await t
      .http()
      .post('/api/roster/conflicts/resolve')
      .set(auth())
      .send({ technicianId: conflicts.body[0].records[0].technicianId, reason: '已解除劳动合同' })
      .expect(200);
    const next = await newCampaign({ name: '2026年度补充评定' });
    await t.http().post(`/api/campaigns/${next.id}/freeze`).set(auth()).send({}).expect(200);
  });

  it('replaces an excused technician by the next substitute of the same discipline, else of the agency, and reports a short agency', async () => {
    const roster = generateFictionalRoster({ agencies: 3, perAgency: [5, 5], seed: 31 });
    // Agency 0: four 商贸 and one 烟草 → k = 3; agency 1: 5 people; agency 2 gets only one technician.
    roster.technicians
      .filter((x) => x.agencyCode === roster.agencies[0].code)
      .forEach((x, i) => (x.disciplineName = i < 4 ? '商贸' : '烟草'));
    roster.technicians = roster.technicians.filter(
      (x, i) =>
        x.agencyCode !== roster.agencies[2].code ||
        i === roster.technicians.findIndex((y) => y.agencyCode === roster.agencies[2].code),
    );
    await importRoster(roster);
    const campaign = await newCampaign({ ratio: 0.6 });
    await t.http().post(`/api/campaigns/${campaign.id}/freeze`).set(auth()).send({}).expect(200);
    await t
      .http()
      .post(`/api/campaigns/${campaign.id}/excusals`)
      .set(auth())
      .send({ technicianId: 1, reason: '病假', evidence: '诊断证明' })
      .expect(409);
    await t
      .http()
      .post(`/api/campaigns/${campaign.id}/draw`)
      .set(auth())
      .send({ entropy: '2026-03-02 体彩 排列五 12345' })
      .expect(200);
    const service = t.app.get(SamplingService);
    const record0 = (await t.http().get(`/api/public/campaigns/${campaign.id}/draw-record`).expect(200))
      .body as DrawRecord;
    const agency = record0.agencies.find((a) => a.code === roster.agencies[0].code)!;
    expect(agency).toMatchObject({ n: 5, k: 3 });

    const sample = await service.sampledTechnicians(campaign.id);
    const inAgency = sample.filter((s) => s.agencyCode === roster.agencies[0].code);
    const disciplineOf = new Map(record0.roster.technicians.map((x) => [x.key, x.discipline]));
    const excuse = (technicianId: number) =>
      t
        .http()
        .post(`/api/campaigns/${campaign.id}/excusals`)
        .set(auth())
        .send({ technicianId, reason: '病假', evidence: '临沂市人民医院诊断证明 2026-0301' });

    const first = await excuse(inAgency[0].technicianId).expect(201);
    const expectedFirst =
      agency.substitutes.find((k) => disciplineOf.get(k) === disciplineOf.get(inAgency[0].technicianKey)) ??
      agency.substitutes[0];
    expect(first.body).toMatchObject({
      replacementKey: expectedFirst,
      agency: { drawn: 3, excused: 1, short: false },
    });
    await excuse(inAgency[0].technicianId).expect(409);

    const second = await excuse(inAgency[1].technicianId).expect(201);
    expect(second.body.replacementKey).toBe(agency.substitutes.find((k) => k !== expectedFirst));
    const third = await excuse(inAgency[2].technicianId).expect(201);
    expect(third.body).toMatchObject({
      replacementTechnicianId: null,
      agency: { drawn: 2, short: true, substitutesLeft: 0 },
    });

    const after = await service.sampledTechnicians(campaign.id);
    const now = after.filter((s) => s.agencyCode === roster.agencies[0].code);
    expect(now.map((s) => s.via).sort()).toEqual(['substitute', 'substitute']);
    expect(now.map((s) => s.technicianKey).sort()).toEqual([...agency.substitutes].sort());

    const record = (await t.http().get(`/api/public/campaigns/${campaign.id}/draw-record`).expect(200))
      .body as DrawRecord;
    expect(record.excusals).toHaveLength(3);
    expect(JSON.stringify(record)).not.toContain('诊断证明');
    expect(verifyDrawRecord(record)).toMatchObject({ ok: true, excusals: 3 });
    record.excusals[0].replacement = record.excusals[1].replacement;
    expect(verifyDrawRecord(record)).toMatchObject({ ok: false });

    const audit = await t.ds.getRepository(AuditEntry).find({ where: { action: 'campaign.excuse' } });
    expect(audit).toHaveLength(3);
    expect(JSON.parse(audit[0].details)).toMatchObject({
      reason: '病假',
      evidence: '临沂市人民医院诊断证明 2026-0301',
    });
  });

  it('keeps campaign settings fixed once frozen and lets a refreeze replace the snapshot before the draw', async () => {
    await importRoster(generateFictionalRoster({ agencies: 3, perAgency: [2, 4], seed: 5 }));
    const campaign = await newCampaign();
    await t.http().patch(`/api/campaigns/${campaign.id}`).set(auth()).send({ ratio: '0.7' }).expect(200);
    const first = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/freeze`)
      .set(auth())
      .send({})
      .expect(200);
    expect(first.body.campaign.settings).toMatchObject({
      ratio: '0.7',
      disciplines: expect.arrayContaining([{ code: 'commerce', name: '商贸' }]),
    });
    await t.http().patch(`/api/campaigns/${campaign.id}`).set(auth()).send({ ratio: '0.5' }).expect(409);
    const agencies = await t.http().get('/api/agencies').set(auth()).expect(200);
    await t
      .http()
      .patch(`/api/agencies/${agencies.body.items[0].id}`)
      .set(auth())
      .send({ active: false })
      .expect(200);
    const second = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/freeze`)
      .set(auth())
      .send({})
      .expect(200);
    expect(second.body.agencies).toBe(2);
    expect(second.body.campaign.rosterHash).not.toBe(first.body.campaign.rosterHash);
    expect(second.body.campaign.commitment).not.toBe(first.body.campaign.commitment);
  });
});
