import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { FictionalRoster, generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { Campaign } from '../../src/sampling/campaign.entity';
import { commitmentOf, draw, drawSeed, rosterHash } from '../../src/sampling/draw';
import { DrawRecord, verifyDrawRecord } from '../../src/sampling/draw-record';
import { SamplingService } from '../../src/sampling/sampling.service';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'choukao-draw-')), name);
  writeFileSync(file, text);
  return file;
}

/** Runs scripts/draw-verify.ts (what `npm run draw:verify --` runs) with the given arguments. */
async function verifyCli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/draw-verify.ts', ...args],
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

/** A forgery that recomputes everything consistently with a secret chosen after the entropy was known. */
function forgeWithNewSecret(r: DrawRecord): DrawRecord {
  const f = structuredClone(r);
  f.secret = sha256('a secret chosen after the entropy was known');
  f.commitment = commitmentOf(f.secret);
  f.seed = drawSeed(f.secret, f.entropy, f.rosterHash);
  f.agencies = draw(f.roster, f.ratio, f.seed, f.algorithm);
  return f;
}

describe.each(databasesUnderTest())('the draw, verifiable to the end, on %s', (kind) => {
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
    ).body as { id: number; settings: { algorithm: string } };
  const freeze = (id: number) =>
    t.http().post(`/api/campaigns/${id}/freeze`).set(auth()).send({}).expect(200);
  const drawWith = (id: number, entropy: string) =>
    t.http().post(`/api/campaigns/${id}/draw`).set(auth()).send({ entropy });

  beforeAll(async () => {
    t = await createTestApp(kind, 'draw_published');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('refuses an entropy with an unpaired surrogate or nothing but blanks, with the reason, and draws nothing', async () => {
    await importRoster(generateFictionalRoster({ agencies: 2, perAgency: [3, 5], seed: 7 }));
    const c = await newCampaign();
    await freeze(c.id);
    for (const [entropy, reason] of [
      ['07 15 23 \ud83c 31', /不成对的代理项/],
      ['\udc00', /不成对的代理项/],
      ['lottery \udfff\ud800', /不成对的代理项/],
      [' \t\n\u3000 ', /不能为空或只含空白字符/],
      ['\u200b\ufeff', /不能为空或只含空白字符/],
    ] as const) {
      const res = await drawWith(c.id, entropy).expect(400);
      expect(JSON.stringify(res.body)).toMatch(reason);
    }
    // The service refuses too, whoever calls it (the seed hashes exactly this string).
    const service = t.app.get(SamplingService);
    const actor = { kind: 'staff', id: 1, role: 'admin', username: 'admin' } as const;
    await expect(service.draw(actor, c.id, { entropy: 'a\ud800b' })).rejects.toThrow(/不成对的代理项/);
    expect((await t.http().get(`/api/campaigns/${c.id}`).set(auth()).expect(200)).body.status).toBe('frozen');

    // A well-formed astral character (a surrogate pair) is fine, and stored and published exactly.
    const entropy = '见证人摇号 07 15 23 31 42 🎲\n\t公证员：张某  ';
    await drawWith(c.id, entropy).expect(200);
    const record = (await t.http().get(`/api/public/campaigns/${c.id}/draw-record`).expect(200))
      .body as DrawRecord;
    expect(record.entropy).toBe(entropy);
    expect(verifyDrawRecord(record)).toMatchObject({ ok: true });
  });

  it('keeps every commitment published, and draw:verify fails a recomputed forgery given the published values', async () => {
    await importRoster(generateFictionalRoster({ agencies: 4, perAgency: [3, 9], seed: 11 }));
    const c = await newCampaign();
    expect(c.settings.algorithm).toBe('choukao-draw-v2');
    const first = (await freeze(c.id)).body.campaign;
    const second = (await freeze(c.id)).body.campaign;
    expect(second.commitment).not.toBe(first.commitment);
    const publicBody = (await t.http().get(`/api/public/campaigns/${c.id}`).expect(200)).body;
    expect(publicBody).toMatchObject({
      commitment: second.commitment,
      rosterHash: second.rosterHash,
      fullTimeOnly: false,
      commitments: [
        { rosterHash: first.rosterHash, commitment: first.commitment, publishedAt: first.frozenAt },
        { rosterHash: second.rosterHash, commitment: second.commitment, publishedAt: second.frozenAt },
      ],
    });
    expect(JSON.stringify(publicBody)).not.toMatch(/secret/);
    // Kept at freezing by a careful verifier.
    const keptAtFreezing = tempFile('published.json', JSON.stringify(publicBody));

    await drawWith(c.id, '体彩排列五 第26061期 3 9 0 4 7').expect(200);
    await t.http().post(`/api/campaigns/${c.id}/freeze`).set(auth()).send({}).expect(409); // never after the draw
    const after = (await t.http().get(`/api/public/campaigns/${c.id}`).expect(200)).body;
    expect(after.commitments).toHaveLength(2);

    const record = (await t.http().get(`/api/public/campaigns/${c.id}/draw-record`).expect(200))
      .body as DrawRecord;
    expect(record).toMatchObject({ algorithm: 'choukao-draw-v2', fullTimeOnly: false });
    for (const a of record.agencies) {
      expect(Object.keys(a.inclusion!).sort()).toEqual(Object.keys(a.allocation).sort());
    }
    const genuine = tempFile('draw-record.json', JSON.stringify(record, null, 2));
    const forged = tempFile('forged.json', JSON.stringify(forgeWithNewSecret(record), null, 2));

    // Served like the public endpoint, for --published-url.
    const server: Server = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(after));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/public/campaigns/${c.id}`;
    try {
      const [alone, forgedAlone, withFile, forgedWithFile, forgedWithUrl, withUrl, tooLate, inTime] =
        await Promise.all([
          verifyCli([genuine]),
          verifyCli([forged]),
          verifyCli([genuine, '--published', keptAtFreezing]),
          verifyCli([forged, '--published', keptAtFreezing]),
          verifyCli([forged, '--published-url', url]),
          verifyCli([genuine, '--published-url', url]),
          verifyCli([genuine, '--published', keptAtFreezing, '--entropy-time', first.frozenAt]),
          verifyCli([genuine, '--published', keptAtFreezing, '--entropy-time', '2099-01-01T00:00:00Z']),
        ]);
      expect(alone).toEqual({
        code: 0,
        out: expect.stringMatching(/^OK\n[\s\S]*NOT compared with the values/),
      });
      // Without the published values a consistent forgery cannot be told apart: that is the point.
      expect(forgedAlone.code).toBe(0);
      expect(withFile).toEqual({
        code: 0,
        out: expect.stringContaining(`equal the values published at ${second.frozenAt} (2 of 2 published;`),
      });
      expect(forgedWithFile).toEqual({
        code: 1,
        out: expect.stringMatching(/^MISMATCH: commitment: .* differs from the value published at freezing/),
      });
      expect(forgedWithUrl).toEqual({ code: 1, out: expect.stringMatching(/^MISMATCH: commitment/) });
      expect(withUrl.code).toBe(0);
      expect(tooLate).toEqual({ code: 1, out: expect.stringMatching(/^MISMATCH: frozenAt/) });
      expect(inTime).toEqual({ code: 0, out: expect.stringMatching(/^OK\n/) });
      // A record made from the first freeze's values (as if re-frozen to suit the entropy, or the reverse).
      const stale = tempFile(
        'stale.json',
        JSON.stringify({ ...forgeWithNewSecret(record), commitment: first.commitment }),
      );
      expect((await verifyCli([stale, '--published', keptAtFreezing])).code).toBe(1);
    } finally {
      server.close();
    }
  });

  it('draws with the algorithm the campaign names: v1 campaigns stay v1 and verify; the record says if only full-time staff counted', async () => {
    await importRoster(generateFictionalRoster({ agencies: 3, perAgency: [4, 8], seed: 23 }));
    await t
      .http()
      .post('/api/campaigns')
      .set(auth())
      .send({ name: '未知算法', year: 2026, algorithm: 'choukao-draw-v3' })
      .expect(400);
    const c = await newCampaign({ algorithm: 'choukao-draw-v1', fullTimeOnly: true });
    expect(c.settings.algorithm).toBe('choukao-draw-v1');
    await freeze(c.id);
    await drawWith(c.id, '42').expect(200);
    const record = (await t.http().get(`/api/public/campaigns/${c.id}/draw-record`).expect(200))
      .body as DrawRecord;
    expect(record).toMatchObject({ algorithm: 'choukao-draw-v1', fullTimeOnly: true });
    expect(record.agencies.every((a) => a.inclusion === undefined)).toBe(true);
    expect(verifyDrawRecord(record)).toMatchObject({ ok: true });
    const published = (await t.http().get(`/api/public/campaigns/${c.id}`).expect(200)).body;
    expect(published).toMatchObject({ algorithm: 'choukao-draw-v1', fullTimeOnly: true });
    expect(verifyDrawRecord(record, published.commitments)).toMatchObject({
      ok: true,
      published: { count: 1 },
    });
    expect(record.rosterHash).toBe(rosterHash(record.roster));
  });

  it('rolls the draw back when the database would not store the entropy exactly', async () => {
    await importRoster(generateFictionalRoster({ agencies: 1, perAgency: [3, 3], seed: 3 }));
    const c = await newCampaign();
    await freeze(c.id);
    // Simulates a database that alters text on the way in (as utf8mb3 or a lossy driver would).
    const repo = t.ds.getRepository(Campaign);
    type Update = (this: unknown, ...args: unknown[]) => unknown;
    const proto = Object.getPrototypeOf(t.ds.manager) as { update: Update };
    const original = proto.update;
    const spy = jest.spyOn(proto, 'update').mockImplementation(function (this: unknown, ...args: unknown[]) {
      const values = args[2] as { entropy?: unknown } | undefined;
      if (values && typeof values.entropy === 'string') {
        args[2] = { ...values, entropy: values.entropy.replace('X', '?') };
      }
      return original.apply(this, args);
    });
    try {
      const res = await drawWith(c.id, 'X 07 15').expect(400);
      expect(JSON.stringify(res.body)).toMatch(/无法按原样保存/);
    } finally {
      spy.mockRestore();
    }
    expect((await repo.findOneByOrFail({ id: c.id })).status).toBe('frozen');
    await drawWith(c.id, 'X 07 15').expect(200);
  });
});
