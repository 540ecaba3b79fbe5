import type { Response } from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditService } from '../../src/audit/audit.service';
import type { KeyedQuestion } from '../../src/papers/paper-view';
import { LookupLogWriter } from '../../src/publication/lookup-log.writer';
import { chinaDate } from '../../src/publication/notice';
import { bundledCalendarYears, noticePeriod } from '../../src/publication/working-days';
import type { AnswerValue } from '../../src/question-bank/question-type';
import { AgencyComponentRow } from '../../src/scoring/agency-component.entity';
import { maskName } from '../../src/roster/mask';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, CampaignFixture, Candidate, seedCampaign, wrongAnswer } from './scoring-fixture';

const ID_NUMBER = /\d{17}[\dXx]/;
const NOT_FOUND = '未查询到与所填姓名和证件号码（或准考证号）相符的成绩，请核对后重试';

function keysDeep(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) {
    x.forEach((v) => keysDeep(v, out));
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      out.add(k);
      keysDeep(v, out);
    }
  }
  return out;
}

/** Judge and single right, one multiple right: 12 of 20 points, exactly the pass mark (60.00). */
function passMarkAnswers(questions: readonly KeyedQuestion[]): Map<number, AnswerValue> {
  const m = new Map<number, AnswerValue>();
  const firstMultiple = questions.find((q) => q.type === 'multiple')!;
  for (const q of questions) {
    if (q.type !== 'multiple' || q === firstMultiple) {
      m.set(q.questionId, q.key);
    }
  }
  return m;
}

describe.each(databasesUnderTest())('publication on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });
  /** Every public response of a test, scanned for personal data at the end. */
  let publicBodies: string[];
  const pub = async (res: Promise<Response>): Promise<Response> => {
    const r = await res;
    publicBodies.push(r.text);
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp(kind, 'publication');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    // Lookups of the previous test still buffered must not land in this one's log.
    await t.app.get(LookupLogWriter).flush();
    await t.reset();
    admin = await t.login();
    publicBodies = [];
  });

  /** A graded sitting: one candidate at exactly the pass mark, one voided, one absent, the rest perfect. */
  async function graded(): Promise<{
    fx: CampaignFixture;
    atPassMark: Candidate;
    voided: Candidate;
    absent: Candidate;
  }> {
    const fx = await seedCampaign(t, admin);
    const [atPassMark, voided, absent, ...rest] = fx.candidates;
    await addAttempt(t, atPassMark, passMarkAnswers(atPassMark.paper.questions), 'submitted');
    await addAttempt(t, voided, new Map(voided.paper.questions.map((q) => [q.questionId, q.key])), 'voided');
    for (const c of rest) {
      await addAttempt(t, c, new Map(c.paper.questions.map((q) => [q.questionId, q.key])), 'submitted');
    }
    return { fx, atPassMark, voided, absent };
  }

  function assertNoPersonalData(fx: CampaignFixture): void {
    expect(publicBodies.length).toBeGreaterThan(10);
    for (const body of publicBodies) {
      expect(body).not.toMatch(ID_NUMBER);
      for (const id of fx.rosterIdNumbers) {
        expect(body).not.toContain(id);
      }
      for (const name of fx.rosterNames) {
        expect(body).not.toContain(name);
      }
      const keys = keysDeep(JSON.parse(body));
      for (const forbidden of [
        'idHash',
        'ticketHash',
        'lookupKey',
        'technicianId',
        'idNumber',
        'contact',
        'inputs',
        'paperId',
        'phone',
      ]) {
        expect(keys.has(forbidden)).toBe(false);
      }
    }
  }

  it('publishes, is looked up, objected to, corrected, re-published and finalised — never showing personal data', async () => {
    const { fx, atPassMark, voided, absent } = await graded();
    const { campaignId } = fx;

    // Before publication the public sees nothing of it.
    expect((await pub(t.http().get('/api/public/results').expect(200))).body).toEqual([]);
    await pub(t.http().get(`/api/public/results/${campaignId}`).expect(404));

    const published = await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/publish`)
      .set(auth())
      .send({ objectionInstructions: '请在公示期内提交书面异议，或拨打 0539-0000000。' })
      .expect(201);
    const period = noticePeriod(chinaDate(new Date()));
    expect(published.body).toMatchObject({
      currentVersion: 1,
      noticeStart: period.start,
      noticeEnd: period.end,
      noticeDays: 7,
      state: 'in-notice',
    });
    await t.http().post(`/api/publication/campaigns/${campaignId}/publish`).set(auth()).send({}).expect(409);

    // The home page list and the public page: agency table (N, k, mean, component), notice period, how to object.
    const list = (await pub(t.http().get('/api/public/results').expect(200))).body as Array<{
      campaignId: number;
      stateName: string;
    }>;
    expect(list).toEqual([expect.objectContaining({ campaignId, stateName: '公示中' })]);
    const page = (await pub(t.http().get(`/api/public/results/${campaignId}`).expect(200))).body as {
      noticeStart: string;
      noticeEnd: string;
      howToObject: { open: boolean; until: string; instructions: string };
      agencies: Array<{
        agencyId: number;
        n: number | null;
        k: number;
        mean: string | null;
        component: string | null;
      }>;
      candidates: number;
      passed: number;
      versions: Array<{ version: number; changeNote: string | null }>;
    };
    expect(page).toMatchObject({
      noticeStart: period.start,
      noticeEnd: period.end,
      noticeDays: 7,
      candidates: fx.candidates.length,
    });
    expect(page.howToObject).toEqual({
      open: true,
      until: period.end,
      instructions: '请在公示期内提交书面异议，或拨打 0539-0000000。',
    });
    const components = await t.ds.getRepository(AgencyComponentRow).find({ where: { campaignId } });
    expect(page.agencies).toHaveLength(4);
    for (const a of page.agencies) {
      const c = components.find((x) => x.agencyId === a.agencyId)!;
      expect(a).toMatchObject({
        n: c.rosterSize,
        k: c.sampleSize,
        mean: c.mean === null ? null : (c.mean / 100).toFixed(2),
        component: c.component === null ? null : (c.component / 100).toFixed(2),
      });
    }
    expect(page.passed).toBe(fx.candidates.length - 2);

    // The masked list.
    const rows = (
      await pub(t.http().get(`/api/public/results/${campaignId}/candidates?pageSize=500`).expect(200))
    ).body.rows as Array<{
      seq: number;
      agencyName: string;
      maskedName: string;
      disciplineName: string;
      score: string;
      result: string;
      remark: string | null;
    }>;
    expect(rows.map((r) => r.seq)).toEqual(fx.candidates.map((_, i) => i + 1));
    expect(rows.map((r) => r.maskedName).sort()).toEqual(
      fx.candidates.map((c) => maskName(c.sample.name)).sort(),
    );
    expect(rows.filter((r) => r.remark === '缺考')).toHaveLength(1);
    expect(rows.filter((r) => r.remark === '违纪作废')).toEqual([
      expect.objectContaining({ score: '0.00', result: '不合格' }),
    ]);
    expect(rows.every((r) => r.disciplineName === '危险化学品')).toBe(true);
    const compound = rows.find((r) => r.maskedName.startsWith('欧阳'));
    if (compound) {
      expect(compound.maskedName).toBe('欧阳**');
    }

    // The person looks themselves up by name and ID number, or by name and admission ticket.
    const who = atPassMark.sample;
    const byId = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: who.name, idNumber: who.idNumber.toLowerCase() })
        .expect(200),
    );
    expect(byId.body).toMatchObject({
      version: 1,
      maskedName: maskName(who.name),
      score: '60.00',
      result: '合格',
      remark: null,
      bySection: {
        judge: { earned: '4.00', max: '4.00' },
        single: { earned: '6.00', max: '6.00' },
        multiple: { earned: '2.00', max: '10.00' },
      },
      byPart: expect.objectContaining({ common: expect.any(Object), discipline: expect.any(Object) }),
    });
    const byTicket = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: who.name, ticketNumber: atPassMark.ticketNumber })
        .expect(200),
    );
    expect(byTicket.body.seq).toBe(byId.body.seq);
    const absentLookup = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: absent.sample.name, idNumber: absent.sample.idNumber })
        .expect(200),
    );
    expect(absentLookup.body).toMatchObject({ score: '0.00', result: '不合格', remark: '缺考' });

    // "Wrong details" and "no such person" are one answer.
    const wrongId = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: who.name, idNumber: voided.sample.idNumber })
        .expect(404),
    );
    const nobody = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: '查无此人', idNumber: '110101199001011237' })
        .expect(404),
    );
    expect(wrongId.body).toEqual(nobody.body);
    expect(nobody.body.message).toBe(NOT_FOUND);
    await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: who.name, idNumber: '12345' })
        .expect(400),
    );
    await pub(t.http().post(`/api/public/results/${campaignId}/lookup`).send({ name: who.name }).expect(400));

    // Every lookup is logged with the HMAC of what was entered.
    const log = (
      await t.http().get(`/api/publication/campaigns/${campaignId}/lookups`).set(auth()).expect(200)
    ).body as {
      counts: Record<string, number>;
      recent: Array<{ identity: string; kind: string }>;
    };
    expect(log.counts).toEqual({ found: 3, 'not-found': 2 });
    expect(JSON.stringify(log)).not.toMatch(ID_NUMBER);

    // An objection during the notice period.
    const receipt = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/objections`)
        .send({
          name: '王异议',
          contact: '13800000000',
          content: '第 3 道单选题的标准答案与法条原文不符',
          target: `序号 ${byId.body.seq}`,
        })
        .expect(201),
    );
    expect(receipt.body.message).toContain('已受理');
    await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/objections`)
        .send({ name: '王', contact: '1', content: '' })
        .expect(400),
    );
    const objections = (
      await t
        .http()
        .get(`/api/publication/campaigns/${campaignId}/objections?status=open`)
        .set(auth())
        .expect(200)
    ).body as Array<{ id: number; contact: string; version: number }>;
    expect(objections).toEqual([
      expect.objectContaining({ id: receipt.body.id, contact: '13800000000', version: 1 }),
    ]);

    // Too early to finalise.
    const early = await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/finalise`)
      .set(auth())
      .expect(409);
    expect(early.body.code).toBe('notice_not_over');

    // The objection holds: a key is corrected, the attempts re-graded, the results re-published with a note.
    const q = atPassMark.paper.questions.find((x) => x.type === 'single')!;
    const orderRows: Array<{ option_order: string }> = await t.ds.query(
      'SELECT option_order FROM paper_questions WHERE id = ?',
      [q.questionId],
    );
    const order = orderRows[0].option_order;
    const bankKey = order['ABCDEFGH'.indexOf(q.key as string)];
    const newKey = [...order].sort().find((l) => l !== bankKey)!;
    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/key-corrections`)
      .set(auth())
      .send({ versionId: q.versionId, key: newKey, reason: '异议成立：原答案与法条原文不符' })
      .expect(200);
    // Until re-published the public still sees version 1.
    expect(
      (
        await pub(
          t
            .http()
            .post(`/api/public/results/${campaignId}/lookup`)
            .send({ name: who.name, idNumber: who.idNumber })
            .expect(200),
        )
      ).body.score,
    ).toBe('60.00');
    await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/republish`)
      .set(auth())
      .send({ changeNote: '' })
      .expect(400);
    const republished = await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/republish`)
      .set(auth())
      .send({ changeNote: `根据第 ${receipt.body.id} 号异议更正单选题答案，重新评分` })
      .expect(201);
    expect(republished.body).toMatchObject({ currentVersion: 2, noticeEnd: period.end });
    const v2 = (await pub(t.http().get(`/api/public/results/${campaignId}`).expect(200))).body as typeof page;
    expect(v2.versions).toEqual([
      expect.objectContaining({ version: 1, changeNote: null }),
      expect.objectContaining({
        version: 2,
        changeNote: `根据第 ${receipt.body.id} 号异议更正单选题答案，重新评分`,
      }),
    ]);
    const fresh = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/lookup`)
        .send({ name: who.name, idNumber: who.idNumber }),
    );
    expect(fresh.body).toMatchObject({ version: 2, score: '55.00', result: '不合格' });
    const republishAudit = await t.ds
      .getRepository(AuditEntry)
      .findOneByOrFail({ action: 'publication.republish' });
    expect(JSON.parse(republishAudit.details).changed).toEqual(
      expect.arrayContaining([{ technicianId: who.technicianId, before: 6000, after: 5500 }]),
    );

    // Still an open objection: finalising is refused even after the period.
    await t.ds.query(
      `UPDATE publications SET notice_start = '2020-01-02', notice_end = '2020-01-10' WHERE campaign_id = ?`,
      [campaignId],
    );
    const stillOpen = await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/finalise`)
      .set(auth())
      .expect(409);
    expect(stillOpen.body.code).toBe('objections_open');
    await t
      .http()
      .post(`/api/publication/objections/${receipt.body.id}/answer`)
      .set(auth())
      .send({ answer: '异议成立，已更正答案并重新公示', outcome: 'upheld' })
      .expect(200);
    // The period is over: no more objections; the results become final and the components lock.
    const late = await pub(
      t
        .http()
        .post(`/api/public/results/${campaignId}/objections`)
        .send({ name: '赵', contact: '13900000000', content: '公示期满后的异议' })
        .expect(409),
    );
    expect(late.body.code).toBe('notice_over');
    const final = await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/finalise`)
      .set(auth())
      .expect(200);
    expect(final.body).toMatchObject({ state: 'final', stateName: '结果已确定' });
    expect(final.body.finalisedAt).toEqual(expect.any(String));
    const locked = await t.ds.getRepository(AgencyComponentRow).find({ where: { campaignId } });
    expect(locked.every((c) => c.lockedAt !== null)).toBe(true);
    expect(await t.ds.getRepository(AuditEntry).count({ where: { action: 'publication.finalise' } })).toBe(1);
    expect(await t.ds.getRepository(AuditEntry).count({ where: { action: 'scoring.components.lock' } })).toBe(
      1,
    );

    // Final means final.
    await t.http().post(`/api/publication/campaigns/${campaignId}/finalise`).set(auth()).expect(409);
    await t
      .http()
      .post(`/api/publication/campaigns/${campaignId}/republish`)
      .set(auth())
      .send({ changeNote: '再次更正' })
      .expect(409);
    await t.http().post(`/api/scoring/campaigns/${campaignId}/components`).set(auth()).expect(409);
    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/grade`)
      .set(auth())
      .send({ force: true })
      .expect(409);
    await t
      .http()
      .post(`/api/scoring/campaigns/${campaignId}/key-corrections`)
      .set(auth())
      .send({ versionId: q.versionId, key: bankKey, reason: '改回原答案' })
      .expect(409);
    const finalList = (await pub(t.http().get('/api/public/results').expect(200))).body as Array<{
      state: string;
    }>;
    expect(finalList[0].state).toBe('final');
    await pub(t.http().get(`/api/public/results/${campaignId}`).expect(200));
    await pub(t.http().get(`/api/public/results/${campaignId}/candidates?page=1&pageSize=2`).expect(200));

    expect(await t.app.get(AuditService).verify()).toMatchObject({ ok: true });
    assertNoPersonalData(fx);
  });

  it('limits lookups per name and per ID number besides the per-IP limit', async () => {
    const { fx } = await graded();
    await t
      .http()
      .post(`/api/publication/campaigns/${fx.campaignId}/publish`)
      .set(auth())
      .send({})
      .expect(201);
    const who = fx.candidates[3].sample;
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await pub(
        t
          .http()
          .post(`/api/public/results/${fx.campaignId}/lookup`)
          .send({ name: who.name, idNumber: `11010119900101${String(1000 + i).slice(1)}X` }),
      );
      codes.push(r.status);
    }
    expect(codes).toEqual([...Array(10).fill(404), 429]);
    // The right ID number under the same name is refused too for now; another person is not affected.
    await pub(
      t
        .http()
        .post(`/api/public/results/${fx.campaignId}/lookup`)
        .send({ name: who.name, idNumber: who.idNumber })
        .expect(429),
    );
    const other = fx.candidates[4].sample;
    await pub(
      t
        .http()
        .post(`/api/public/results/${fx.campaignId}/lookup`)
        .send({ name: other.name, idNumber: other.idNumber })
        .expect(200),
    );
    const log = (
      await t.http().get(`/api/publication/campaigns/${fx.campaignId}/lookups`).set(auth()).expect(200)
    ).body as {
      counts: Record<string, number>;
    };
    expect(log.counts).toEqual({ 'not-found': 10, limited: 2, found: 1 });
    assertNoPersonalData(fx);
  });

  it('refuses to publish while a sitting is unfinished, and keeps publication to administrators', async () => {
    const fx = await seedCampaign(t, admin);
    await addAttempt(t, fx.candidates[0], new Map(), 'in_progress');
    const res = await t
      .http()
      .post(`/api/publication/campaigns/${fx.campaignId}/publish`)
      .set(auth())
      .send({})
      .expect(409);
    expect(res.body.code).toBe('results_pending');
    await t.http().post(`/api/publication/campaigns/${fx.campaignId}/publish`).send({}).expect(401);
    expect((await t.http().get('/api/public/results').expect(200)).body).toEqual([]);
    expect(wrongAnswer({ type: 'judge', key: true } as KeyedQuestion)).toBe(false);
  });

  it('computes notice periods with the bundled calendar and refuses years it lacks until one is entered', async () => {
    const last = Math.max(...bundledCalendarYears());
    const next = last + 1;
    const preview = await t
      .http()
      .get('/api/publication/notice-preview?date=2025-09-26')
      .set(auth())
      .expect(200);
    expect(preview.body.workingDays).toEqual([
      '2025-09-28',
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
      '2025-10-13',
    ]);
    const refused = await t
      .http()
      .get(`/api/publication/notice-preview?date=${last}-12-28`)
      .set(auth())
      .expect(422);
    expect(refused.body.code).toBe('calendar_not_covered');
    expect(refused.body.message).toContain(String(next));

    // 1 January on a weekday: a holiday; a weekday listed as a 调休 workday is refused.
    const jan1 = `${next}-01-01`;
    const jan1Weekday = new Date(`${jan1}T00:00:00Z`).getUTCDay();
    const holidays = jan1Weekday === 0 || jan1Weekday === 6 ? [] : [jan1];
    const bad = await t
      .http()
      .put(`/api/publication/calendars/${next}`)
      .set(auth())
      .send({
        holidays,
        workdays: [
          `${next}-01-0${[1, 2, 3, 4, 5, 6, 7].find((d) => ![0, 6].includes(new Date(`${next}-01-0${d}T00:00:00Z`).getUTCDay()))}`,
        ],
      })
      .expect(422);
    expect(bad.body.code).toBe('invalid_calendar');
    await t
      .http()
      .put(`/api/publication/calendars/${next}`)
      .set(auth())
      .send({ holidays, workdays: [] })
      .expect(200);
    const ok = await t
      .http()
      .get(`/api/publication/notice-preview?date=${last}-12-28`)
      .set(auth())
      .expect(200);
    expect(ok.body.workingDays).toHaveLength(7);
    expect(ok.body.workingDays).not.toContain(jan1);
    const calendars = (await t.http().get('/api/publication/calendars').set(auth()).expect(200))
      .body as Array<{ year: number }>;
    expect(calendars.map((c) => c.year)).toEqual([next]);
    expect(await t.ds.getRepository(AuditEntry).count({ where: { action: 'publication.calendar' } })).toBe(1);
  });
});
