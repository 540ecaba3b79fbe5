import ExcelJS from 'exceljs';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Attempt } from '../../src/sessions/attempt.entity';
import { SittingCandidate } from '../../src/sessions/sitting-candidate.entity';
import { Sitting } from '../../src/sessions/sitting.entity';
import { drawnTwoDisciplineCampaign } from '../support/campaign-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, answersFor, seedCampaign } from './scoring-fixture';

interface SittingBody {
  id: number;
  name: string;
  capacity: number;
  candidateCount: number;
  windowEnd: string;
  closedAt: string | null;
  closeReason: string | null;
}

/**
 * Sittings run from the browser: edit with a reason, delete one nobody used, close one early (结束场次) so that
 * its no-shows are recorded absent and results need not wait for the window's end, fill a room to capacity,
 * split the unplaced drawn list over new sittings by agency, and what is printed for the room and the agencies.
 */
describe.each(databasesUnderTest())('managing sittings on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });
  const audit = (action: string) => t.ds.getRepository(AuditEntry).find({ where: { action } });

  beforeAll(async () => {
    t = await createTestApp(kind, 'sittings_manage');
  });
  beforeEach(async () => {
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('closing a sitting early records the no-shows absent and lets results proceed before the end time', async () => {
    const fx = await seedCampaign(t, admin);
    // The sitting is running: it ends in an hour.
    await t.ds
      .getRepository(Sitting)
      .update({ id: fx.sittingId }, { windowEnd: new Date(Date.now() + 3600_000) });
    const [done, answering, ...noShows] = fx.candidates;
    expect(noShows.length).toBeGreaterThan(0);
    await addAttempt(t, done, answersFor(done.paper.questions), 'submitted');
    const answeringId = await addAttempt(t, answering, new Map(), 'in_progress');

    const results = async () =>
      (await t.http().get(`/api/scoring/campaigns/${fx.campaignId}/results`).set(auth()).expect(200))
        .body as Array<{ technicianId: number; standing: string; absenceReason: string | null }>;
    const before = await results();
    expect(before.find((r) => r.technicianId === noShows[0].sample.technicianId)?.standing).toBe('pending');

    // The sitting's own proctor may close it and print its sheets; another proctor may not; deleting is the
    // administrators'.
    const proctor = async (username: string): Promise<{ id: number; token: string }> => {
      const u = await t
        .http()
        .post('/api/users')
        .set(auth())
        .send({ username, displayName: username, role: 'proctor', password: 'proctor-pass-1' })
        .expect(201);
      return { id: (u.body as { id: number }).id, token: await t.login(username, 'proctor-pass-1') };
    };
    const own = await proctor('proctor1');
    const other = await proctor('proctor2');
    await t
      .http()
      .put(`/api/sittings/${fx.sittingId}/proctors`)
      .set(auth())
      .send({ userIds: [own.id] })
      .expect(200);
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    await t
      .http()
      .post(`/api/sittings/${fx.sittingId}/close`)
      .set(as(other.token))
      .send({ reason: '结束' })
      .expect(403);
    await t
      .http()
      .get(`/api/sittings/${fx.sittingId}/printout?kind=sign-in`)
      .set(as(other.token))
      .expect(403);
    await t.http().get(`/api/sittings/${fx.sittingId}/printout?kind=seating`).set(as(own.token)).expect(200);
    await t
      .http()
      .post(`/api/sittings/${fx.sittingId}/delete`)
      .set(as(own.token))
      .send({ reason: '误建' })
      .expect(403);

    const close = (body: object, token = admin) =>
      t.http().post(`/api/sittings/${fx.sittingId}/close`).set(as(token)).send(body);
    const noReason = await close({}).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('原因');
    // Someone still answering: refused, naming them; nothing changes.
    const refused = await close({ reason: '考生均已离场' }).expect(409);
    expect(refused.body.code).toBe('candidates-answering');
    expect(refused.body.message).toContain(answering.sample.name);
    expect((await t.ds.getRepository(Sitting).findOneByOrFail({ id: fx.sittingId })).closedAt).toBeNull();

    await t.ds
      .getRepository(Attempt)
      .update(
        { id: answeringId },
        { status: 'submitted', submittedAt: new Date(), submitReason: 'proctor', deadline: new Date() },
      );
    const closed = await close({ reason: '到场考生均已交卷，提前结束' }, own.token).expect(200);
    const body = closed.body as {
      sitting: SittingBody;
      finished: number;
      absentTechnicianIds: number[];
    };
    expect(body.finished).toBe(2);
    expect(body.absentTechnicianIds.sort()).toEqual(noShows.map((c) => c.sample.technicianId).sort());
    expect(body.sitting.closedAt).not.toBeNull();
    expect(body.sitting.closeReason).toBe('到场考生均已交卷，提前结束');
    expect(Date.parse(body.sitting.windowEnd)).toBeLessThanOrEqual(Date.now());

    const after = await results();
    for (const c of noShows) {
      const r = after.find((x) => x.technicianId === c.sample.technicianId)!;
      expect(r.standing).toBe('absent');
      expect(r.absenceReason).toContain('到场考生均已交卷，提前结束');
    }
    // Results go ahead now, not at the window's end.
    await t.http().post(`/api/scoring/campaigns/${fx.campaignId}/grade`).set(auth()).send({}).expect(200);
    const components = await t
      .http()
      .post(`/api/scoring/campaigns/${fx.campaignId}/components`)
      .set(auth())
      .send({});
    expect(components.status).toBe(200);

    // Closed is closed: a second close, an edit and a delete are refused.
    expect((await close({ reason: '再次结束' }).expect(409)).body.code).toBe('sitting-closed');
    await t
      .http()
      .patch(`/api/sittings/${fx.sittingId}`)
      .set(auth())
      .send({ name: '改名', reason: '笔误' })
      .expect(409);
    const del = await t
      .http()
      .post(`/api/sittings/${fx.sittingId}/delete`)
      .set(auth())
      .send({ reason: '误建' })
      .expect(409);
    expect(del.body.message).toContain('结束场次');

    const rows = await audit('sitting.close');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].details)).toMatchObject({ reason: '到场考生均已交卷，提前结束' });
    const absences = await audit('scoring.absence.record');
    expect(JSON.parse(absences[0].details)).toMatchObject({ via: 'sitting.close' });
    expect(absences[0].actor).toBe(`user:${own.id}`);

    // Once published, the campaign's sittings no longer change: no split, no delete.
    await t
      .http()
      .post(`/api/publication/campaigns/${fx.campaignId}/publish`)
      .set(auth())
      .send({})
      .expect(201);
    const frozen = await t
      .http()
      .post('/api/sittings/split')
      .set(auth())
      .send({
        campaignId: fx.campaignId,
        sittings: [
          {
            name: '补考',
            mode: 'room',
            location: '302',
            windowStart: new Date(Date.now() + 86_400_000).toISOString(),
            windowEnd: new Date(Date.now() + 90_000_000).toISOString(),
            durationSeconds: 3600,
            lateEntrySeconds: 600,
            capacity: 10,
          },
        ],
      })
      .expect(409);
    expect(frozen.body.code).toBe('campaign-published');
  });

  it('fills a room to capacity, splits the rest by agency, edits and deletes with reasons, prints and exports', async () => {
    const { campaignId, sample } = await drawnTwoDisciplineCampaign(t, admin);
    const soon = Date.now() + 86_400_000;
    const sittingInput = (name: string, capacity: number) => ({
      name,
      mode: 'room',
      location: `${name}考场`,
      windowStart: new Date(soon).toISOString(),
      windowEnd: new Date(soon + 2 * 3600_000).toISOString(),
      durationSeconds: 3600,
      lateEntrySeconds: 900,
      capacity,
    });
    const first = (
      await t
        .http()
        .post('/api/sittings')
        .set(auth())
        .send({ ...sittingInput('第一场', 4), campaignId })
        .expect(201)
    ).body as SittingBody;

    // More drawn people than seats: refused unless asked to fill the room.
    const over = await t
      .http()
      .post(`/api/sittings/${first.id}/candidates`)
      .set(auth())
      .send({ all: true })
      .expect(422);
    expect(over.body.message).toContain('安排到满');
    const filled = (
      await t
        .http()
        .post(`/api/sittings/${first.id}/candidates`)
        .set(auth())
        .send({ all: true, fillToCapacity: true })
        .expect(201)
    ).body as { added: number; notPlaced: number[]; candidates: Array<{ technicianId: number }> };
    expect(filled.added).toBe(4);
    expect(filled.notPlaced).toHaveLength(sample.length - 4);

    // Split the rest over two new sittings: too few seats is refused and creates nothing.
    const rest = sample.filter((s) => !filled.candidates.some((c) => c.technicianId === s.technicianId));
    const tooFew = await t
      .http()
      .post('/api/sittings/split')
      .set(auth())
      .send({ campaignId, sittings: [sittingInput('第二场', 1), sittingInput('第三场', 1)] })
      .expect(422);
    expect(tooFew.body.code).toBe('not-enough-seats');
    expect(await t.ds.getRepository(Sitting).count()).toBe(1);
    const cap = Math.ceil(rest.length / 2) + 1;
    const split = (
      await t
        .http()
        .post('/api/sittings/split')
        .set(auth())
        .send({ campaignId, sittings: [sittingInput('第二场', cap), sittingInput('第三场', cap)] })
        .expect(200)
    ).body as { sittings: SittingBody[]; placed: number; splitAgencyIds: number[] };
    expect(split.placed).toBe(rest.length);
    const places = await t.ds.getRepository(SittingCandidate).find({ where: { campaignId } });
    expect(places).toHaveLength(sample.length);
    for (const s of split.sittings) {
      expect(places.filter((p) => p.sittingId === s.id).length).toBeLessThanOrEqual(cap);
    }
    // Each agency of the rest sits in one new sitting unless reported as split.
    for (const agencyId of new Set(rest.map((r) => r.agencyId))) {
      const rooms = new Set(
        places.filter((p) => p.agencyId === agencyId && p.sittingId !== first.id).map((p) => p.sittingId),
      );
      expect(rooms.size === 1 || split.splitAgencyIds.includes(agencyId)).toBe(true);
    }

    // Edit with a reason: the audit keeps what it was.
    await t
      .http()
      .patch(`/api/sittings/${first.id}`)
      .set(auth())
      .send({ location: '四楼 402 考场', reason: '301 室临时检修' })
      .expect(200);
    const edits = await audit('sitting.update');
    expect(JSON.parse(edits[0].details)).toMatchObject({
      reason: '301 室临时检修',
      location: '四楼 402 考场',
      before: { location: '第一场考场' },
    });

    // The sign-in sheet carries the full ID number (staff only); the kind is validated.
    const sheet = (
      await t
        .http()
        .get(`/api/sittings/${first.id}/printout`)
        .query({ kind: 'sign-in' })
        .set(auth())
        .expect(200)
    ).body as { sitting: SittingBody; candidates: Array<{ seat: number; idNumber: string }> };
    expect(sheet.candidates.map((c) => c.seat)).toEqual([1, 2, 3, 4]);
    const firstIds = sample
      .filter((s) => filled.candidates.some((c) => c.technicianId === s.technicianId))
      .map((s) => s.idNumber.toUpperCase());
    expect(sheet.candidates.map((c) => c.idNumber).sort()).toEqual(firstIds.sort());
    const badKind = await t
      .http()
      .get(`/api/sittings/${first.id}/printout`)
      .query({ kind: 'poster' })
      .set(auth())
      .expect(400);
    expect(JSON.stringify(badKind.body)).toContain('类别');

    // The agencies' notice: every drawn person with sitting, place and ticket number.
    const res = await t
      .http()
      .get('/api/sittings/agency-notice.xlsx')
      .query({ campaignId })
      .set(auth())
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    const values = wb.getWorksheet('通知各机构')!.getSheetValues().flat().map(String);
    for (const p of places) {
      expect(values).toContain(p.ticketNumber);
      expect(values).toContain(p.name);
    }
    expect(values.some((v) => v.includes('四楼 402 考场'))).toBe(true);

    // Delete needs a reason; the people placed there are unplaced again.
    await t.http().post(`/api/sittings/${first.id}/delete`).set(auth()).send({}).expect(400);
    await t
      .http()
      .post(`/api/sittings/${first.id}/delete`)
      .set(auth())
      .send({ reason: '第一场取消，人员并入其他场次' })
      .expect(204);
    expect(await t.ds.getRepository(SittingCandidate).count({ where: { campaignId } })).toBe(rest.length);
    const deleted = await audit('sitting.delete');
    expect(JSON.parse(deleted[0].details).removedCandidates).toHaveLength(4);
    // A sitting that has not started cannot be closed (delete or reschedule it instead).
    const notYet = await t
      .http()
      .post(`/api/sittings/${split.sittings[0].id}/close`)
      .set(auth())
      .send({ reason: '提前结束' })
      .expect(422);
    expect(notYet.body.code).toBe('sitting-not-started');
  });
});
