import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import { importRoster } from '../support/roster-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

/** A minimal valid-looking PNG (signature + IHDR) of the given total size. */
function png(size: number): Buffer {
  const b = Buffer.alloc(size, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

/** Deductions carry files as evidence: attached, listed and read by the agency's inspectors and administrators. */
describe.each(databasesUnderTest())('rating evidence files on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = (token = admin) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'rating_evidence');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  async function inspector(username: string): Promise<{ id: number; token: string }> {
    const res = await t
      .http()
      .post('/api/users')
      .set(auth())
      .send({ username, displayName: `专家${username}`, role: 'inspector', password: 'inspect-pass-1' })
      .expect(201);
    return { id: (res.body as { id: number }).id, token: await t.login(username, 'inspect-pass-1') };
  }

  it('attaches PDF/PNG/JPEG evidence in parts, reads it back byte for byte, and keeps it from others', async () => {
    const roster = generateFictionalRoster({ agencies: 2, perAgency: [1, 2], seed: 9 });
    await importRoster(t, admin, roster);
    const roundId = (
      await t
        .http()
        .post('/api/rating/rounds')
        .set(auth())
        .send({ year: 2026, name: '2026年度评定' })
        .expect(201)
    ).body.id as number;
    const [a1, a2] = (await t.http().get(`/api/rating/rounds/${roundId}`).set(auth()).expect(200)).body
      .agencies as Array<{ id: number }>;
    const mine = await inspector('evid1');
    const other = await inspector('evid2');
    for (const [expert, agency] of [
      [mine, a1],
      [other, a2],
    ] as const) {
      await t
        .http()
        .post(`/api/rating/rounds/${roundId}/experts`)
        .set(auth())
        .send({ userId: expert.id })
        .expect(201);
      await t
        .http()
        .post(`/api/rating/agencies/${agency.id}/assignments`)
        .set(auth())
        .send({ userId: expert.id })
        .expect(201);
    }
    const deduction = (
      await t
        .http()
        .post(`/api/rating/agencies/${a1.id}/deductions`)
        .set(auth(mine.token))
        .send({ item: 1, rule: '1.office-area', count: 1, evidence: '实测办公面积 150 平方米，见照片' })
        .expect(201)
    ).body as { id: number };

    // A photo of 200 KB: stored in several parts, read back identical.
    const photo = png(200 * 1024);
    const attached = await t
      .http()
      .post(`/api/rating/deductions/${deduction.id}/evidence`)
      .set(auth(mine.token))
      .send({ fileName: 'C:\\现场\\办公室.png', contentBase64: photo.toString('base64') })
      .expect(201);
    expect(attached.body).toMatchObject({
      deductionId: deduction.id,
      fileName: '办公室.png',
      mime: 'image/png',
      size: photo.length,
    });
    const parts: Array<{ n: number | string }> = await t.ds.query(
      'SELECT COUNT(*) AS n FROM rating_evidence_parts WHERE file_id = ?',
      [attached.body.id],
    );
    expect(Number(parts[0].n)).toBeGreaterThan(1);
    const read = await t
      .http()
      .get(`/api/rating/evidence/${attached.body.id}`)
      .set(auth())
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(read.headers['content-type']).toContain('image/png');
    expect(Buffer.compare(read.body as Buffer, photo)).toBe(0);
    const listed = (
      await t.http().get(`/api/rating/agencies/${a1.id}/evidence`).set(auth(mine.token)).expect(200)
    ).body as Array<{ id: number; sha256: string }>;
    expect(listed).toEqual([expect.objectContaining({ id: attached.body.id })]);
    expect(listed[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    // Another agency's inspector can neither list, read, attach nor remove.
    await t.http().get(`/api/rating/agencies/${a1.id}/evidence`).set(auth(other.token)).expect(403);
    await t.http().get(`/api/rating/evidence/${attached.body.id}`).set(auth(other.token)).expect(403);
    await t
      .http()
      .post(`/api/rating/deductions/${deduction.id}/evidence`)
      .set(auth(other.token))
      .send({ fileName: 'x.png', contentBase64: png(100).toString('base64') })
      .expect(403);
    await t.http().delete(`/api/rating/evidence/${attached.body.id}`).set(auth(other.token)).expect(403);
    // The public never sees evidence.
    await t.http().get(`/api/rating/evidence/${attached.body.id}`).expect(401);

    // Only PDF, PNG and JPEG by content (a renamed spreadsheet is refused), and at most 4 MB.
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]);
    const wrongType = await t
      .http()
      .post(`/api/rating/deductions/${deduction.id}/evidence`)
      .set(auth(mine.token))
      .send({ fileName: '照片.png', contentBase64: zip.toString('base64') })
      .expect(422);
    expect(wrongType.body.code).toBe('evidence_type');
    const big = await t
      .http()
      .post(`/api/rating/deductions/${deduction.id}/evidence`)
      .set(auth(mine.token))
      .send({ fileName: 'big.png', contentBase64: png(4 * 1024 * 1024 + 1).toString('base64') })
      .expect(422);
    expect(big.body.code).toBe('evidence_too_large');

    // Removing keeps it on record and in the audit log, but no longer lists or serves it.
    await t.http().delete(`/api/rating/evidence/${attached.body.id}`).set(auth(mine.token)).expect(204);
    expect(
      (await t.http().get(`/api/rating/agencies/${a1.id}/evidence`).set(auth()).expect(200)).body,
    ).toEqual([]);
    await t.http().get(`/api/rating/evidence/${attached.body.id}`).set(auth()).expect(404);
    const audit: Array<{ action: string }> = await t.ds.query(
      "SELECT action FROM audit_log WHERE action LIKE 'rating.evidence.%' ORDER BY seq",
    );
    expect(audit.map((a) => a.action)).toEqual(['rating.evidence.attach', 'rating.evidence.remove']);
  });
});
