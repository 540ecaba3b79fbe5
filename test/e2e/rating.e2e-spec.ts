import ExcelJS from 'exceljs';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { generateFictionalRoster } from '../../src/roster/fictional-roster';
import { chinaDate } from '../../src/publication/notice';
import { noticePeriod } from '../../src/publication/working-days';
import { PublishedAgency } from '../../src/publication/published-agency.entity';
import { commitmentOf, drawObject } from '../../src/rating/rules/object-draw';
import { formatCenti } from '../../src/scoring/component';
import { importRoster } from '../support/roster-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { addAttempt, answersFor, seedCampaign } from './scoring-fixture';

interface RatedAgencyRow {
  id: number;
  agencyId: number;
  name: string;
  examComponent: string | null;
}

const ALL_TWO = { compliance: 2, quality: 2, fees: 2, ethics: 2, competition: 2 };

describe.each(databasesUnderTest())('agency rating on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = (token = admin) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp(kind, 'rating');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    admin = await t.login();
  });

  async function inspector(username: string): Promise<{ id: number; token: string }> {
    const res = await t
      .http()
      .post('/api/users')
      .set(auth())
      .send({ username, displayName: `专家${username}`, role: 'inspector', password: 'inspect-pass-1' })
      .expect(201);
    return { id: (res.body as { id: number }).id, token: await t.login(username, 'inspect-pass-1') };
  }

  it('rates a roster: exam from the finalised campaign, two experts, one-use survey links, a veto, notice, objection, re-rating, final list', async () => {
    // The exam: a finalised campaign. The first candidate hands in a blank paper (0, 不合格); the rest are perfect.
    const fx = await seedCampaign(t, admin);
    const [blank, ...rest] = fx.candidates;
    await addAttempt(t, blank, new Map(), 'submitted');
    for (const c of rest) {
      await addAttempt(t, c, answersFor(c.paper.questions), 'submitted');
    }
    await t
      .http()
      .post(`/api/publication/campaigns/${fx.campaignId}/publish`)
      .set(auth())
      .send({})
      .expect(201);

    const year = 2026;
    const created = await t
      .http()
      .post('/api/rating/rounds')
      .set(auth())
      .send({ year, name: '2026年度安全生产技术服务机构分类等级评定' })
      .expect(201);
    const roundId = (created.body as { id: number }).id;
    expect(created.body).toMatchObject({
      rulesVersion: 'linyi-2022-40/1',
      stages: {
        selfAssessment: { start: '2026-04-10', end: '2026-04-25' },
        inspection: { start: '2026-04-25', end: '2026-07-15' },
        classification: { start: '2026-07-15', end: '2026-08-30' },
      },
      currentVersion: 0,
    });
    await t.http().post('/api/rating/rounds').set(auth()).send({ year, name: '重复' }).expect(409);

    // Item 19 is taken only from final results.
    const early = await t
      .http()
      .post(`/api/rating/rounds/${roundId}/exam`)
      .set(auth())
      .send({ campaignId: fx.campaignId })
      .expect(409);
    expect(early.body.code).toBe('results_not_final');
    await t.ds.query(
      `UPDATE publications SET notice_start = '2020-01-02', notice_end = '2020-01-10' WHERE campaign_id = ?`,
      [fx.campaignId],
    );
    await t.http().post(`/api/publication/campaigns/${fx.campaignId}/finalise`).set(auth()).expect(200);
    const taken = await t
      .http()
      .post(`/api/rating/rounds/${roundId}/exam`)
      .set(auth())
      .send({ campaignId: fx.campaignId })
      .expect(200);
    expect(taken.body).toMatchObject({ examCampaignId: fx.campaignId, examVersion: 1 });

    const agencies = (await t.http().get(`/api/rating/rounds/${roundId}`).set(auth()).expect(200)).body
      .agencies as RatedAgencyRow[];
    expect(agencies).toHaveLength(4);
    const published = await t.ds
      .getRepository(PublishedAgency)
      .find({ where: { campaignId: fx.campaignId, version: 1 } });
    // Each agency's item 19 is the published component, not re-typed.
    for (const a of agencies) {
      const p = published.find((x) => x.agencyId === a.agencyId);
      expect(a.examComponent).toBe(
        p?.component === null || p === undefined ? null : formatCenti(p.component),
      );
    }
    const [a1, a2, a3] = agencies.filter((a) => a.examComponent !== null);
    const a4 = agencies.find((a) => a.examComponent === null)!;
    const exam = (a: RatedAgencyRow) => Math.round(Number(a.examComponent) * 100);

    // Experts: e1 works for a1; e2 declared a conflict with a2.
    const e1 = await inspector('expert1');
    const e2 = await inspector('expert2');
    // An inspector's session is a staff session like any other: it can be read and refreshed.
    expect((await t.http().get('/api/auth/me').set(auth(e1.token)).expect(200)).body.role).toBe('inspector');
    await t.http().post('/api/auth/refresh').set(auth(e1.token)).expect(200);
    await t
      .http()
      .post(`/api/rating/rounds/${roundId}/experts`)
      .set(auth())
      .send({ userId: e1.id, homeAgencyId: a1.agencyId })
      .expect(201);
    await t
      .http()
      .post(`/api/rating/rounds/${roundId}/experts`)
      .set(auth())
      .send({ userId: e2.id, conflictAgencyIds: [a2.agencyId], conflictNote: '曾在该机构任职（2019–2021）' })
      .expect(201);
    const own = await t
      .http()
      .post(`/api/rating/agencies/${a1.id}/assignments`)
      .set(auth())
      .send({ userId: e1.id })
      .expect(409);
    expect(own.body.code).toBe('conflict_of_interest');
    const declared = await t
      .http()
      .post(`/api/rating/agencies/${a2.id}/assignments`)
      .set(auth())
      .send({ userId: e2.id })
      .expect(409);
    expect(declared.body.code).toBe('conflict_of_interest');
    for (const [agency, expert] of [
      [a2, e1],
      [a3, e1],
      [a1, e2],
      [a3, e2],
    ] as const) {
      await t
        .http()
        .post(`/api/rating/agencies/${agency.id}/assignments`)
        .set(auth())
        .send({ userId: expert.id })
        .expect(201);
    }
    // An expert sees only the agencies assigned and cannot write to another.
    const e1Round = (await t.http().get(`/api/rating/rounds/${roundId}`).set(auth(e1.token)).expect(200))
      .body;
    expect((e1Round.agencies as RatedAgencyRow[]).map((a) => a.id).sort()).toEqual([a2.id, a3.id].sort());
    await t
      .http()
      .post(`/api/rating/agencies/${a1.id}/deductions`)
      .set(auth(e1.token))
      .send({ item: 1, rule: '1.office-area', count: 1, evidence: '实测办公面积 150 平方米' })
      .expect(403);
    await t.http().get(`/api/rating/agencies/${a1.id}/sheet`).set(auth(e1.token)).expect(403);

    const deduct = (token: string, agencyId: number, body: object, status = 201) =>
      t.http().post(`/api/rating/agencies/${agencyId}/deductions`).set(auth(token)).send(body).expect(status);
    const object = async (token: string, agencyId: number, name: string) =>
      (
        await t
          .http()
          .post(`/api/rating/agencies/${agencyId}/objects`)
          .set(auth(token))
          .send({ name, kind: 'statutory' })
          .expect(201)
      ).body as { id: number };

    // a1 by e2: item 1 small office −2; object O1: item 12 ledger −2, item 10 one unlicensed −1 (27); O2 clean (30).
    await deduct(e2.token, a1.id, {
      item: 1,
      rule: '1.office-area',
      count: 1,
      evidence: '实测办公面积 150 平方米',
    });
    const o1 = await object(e2.token, a1.id, '临沂某化工有限公司');
    await object(e2.token, a1.id, '临沂某冶金有限公司');
    await deduct(e2.token, a1.id, {
      item: 12,
      rule: '12.ledger',
      count: 1,
      evidence: '隐患台账无整改期限',
      serviceObjectId: o1.id,
    });
    await deduct(e2.token, a1.id, {
      item: 10,
      rule: '10.unlicensed',
      count: 1,
      evidence: '电工张某无特种作业证',
      serviceObjectId: o1.id,
    });
    // Refused entries: a once-rule counted twice; an on-site item without its service object.
    const twice = await deduct(
      e2.token,
      a1.id,
      { item: 1, rule: '1.facilities', count: 2, evidence: '无培训室' },
      422,
    );
    expect(twice.body.message).toContain('只能为 1');
    await deduct(e2.token, a1.id, { item: 12, rule: '12.ledger', count: 1, evidence: '台账' }, 422);

    // a2 by e1: item 7 format (不得分, −5), item 2 three 注安 short (−3); object: major hazard −8 (22).
    await deduct(e1.token, a2.id, { item: 7, rule: '7.format', count: 1, evidence: '报告缺少评价结论章节' });
    const threeShort = (
      await deduct(e1.token, a2.id, { item: 2, rule: '2.certified', count: 3, evidence: '注安师仅 5 名' })
    ).body as { id: number };
    const o3 = await object(e1.token, a2.id, '临沂某矿业有限公司');
    await deduct(e1.token, a2.id, {
      item: 12,
      rule: '12.major-hazard',
      count: 1,
      evidence: '尾矿库重大隐患未提出整改意见',
      serviceObjectId: o3.id,
    });

    // a3 by both experts: item 3 −2 (e1) and −1 (e2) → 1; item 6 workload −1 (e2); object: item 15 −2 (28).
    await deduct(e1.token, a3.id, {
      item: 3,
      rule: '3.missing-system',
      count: 2,
      evidence: '缺保密、档案制度',
    });
    await deduct(e2.token, a3.id, {
      item: 3,
      rule: '3.missing-system',
      count: 1,
      evidence: '缺培训考核制度',
    });
    await deduct(e2.token, a3.id, {
      item: 6,
      rule: '6.workload',
      count: 1,
      evidence: '李某同期签署 14 份报告',
    });
    const o4 = await object(e1.token, a3.id, '临沂某建材有限公司');
    await deduct(e1.token, a3.id, {
      item: 15,
      rule: '15.dangerous-work',
      count: 1,
      evidence: '动火作业无审批',
      serviceObjectId: o4.id,
    });

    // a3's non-statutory services: five listed, one drawn on site with public entropy, verifiable afterwards.
    const five = ['临沂甲化工', '临沂乙冶金', '临沂丙建材', '临沂丁机械', '临沂戊纺织'];
    const listed = await t
      .http()
      .post(`/api/rating/agencies/${a3.id}/object-draw/list`)
      .set(auth())
      .send({ names: five })
      .expect(201);
    expect(listed.body).toMatchObject({ names: five, secret: null, drawnOrdinal: null });
    expect(listed.body.commitment).toMatch(/^[0-9a-f]{64}$/);
    await t
      .http()
      .post(`/api/rating/agencies/${a3.id}/object-draw/list`)
      .set(auth())
      .send({ names: [...five].reverse() })
      .expect(409);
    // Before the draw the public sees the commitment and the list's hash only.
    const before = (await t.http().get(`/api/public/rating/rounds/${roundId}/object-draws`).expect(200))
      .body as Array<Record<string, unknown>>;
    expect(before).toEqual([
      expect.objectContaining({
        agencyName: a3.name,
        commitment: listed.body.commitment,
        listHash: listed.body.listHash,
      }),
    ]);
    expect(before[0]).not.toHaveProperty('secret');
    expect(before[0]).not.toHaveProperty('names');
    await t
      .http()
      .post(`/api/rating/agencies/${a3.id}/object-draw/draw`)
      .set(auth(e1.token))
      .send({ entropy: '见证人摇号 05 11 23' })
      .expect(403);
    const drawn = await t
      .http()
      .post(`/api/rating/agencies/${a3.id}/object-draw/draw`)
      .set(auth())
      .send({ entropy: '见证人摇号 05 11 23' })
      .expect(200);
    const record = drawn.body as {
      secret: string;
      commitment: string;
      drawnOrdinal: number;
      drawnName: string;
    };
    expect(commitmentOf(record.secret)).toBe(record.commitment);
    expect(drawObject(record.secret, '见证人摇号 05 11 23', five).drawn).toBe(record.drawnOrdinal);
    expect(record.drawnName).toBe(five[record.drawnOrdinal - 1]);
    // After it, the whole record: anyone recomputes the draw from the values published before.
    const after = (await t.http().get(`/api/public/rating/rounds/${roundId}/object-draws`).expect(200))
      .body as Array<{
      secret: string;
      names: string[];
      entropy: string;
      drawnOrdinal: number;
    }>;
    expect(commitmentOf(after[0].secret)).toBe(before[0].commitment);
    expect(drawObject(after[0].secret, after[0].entropy, after[0].names).drawn).toBe(after[0].drawnOrdinal);
    await t
      .http()
      .post(`/api/rating/agencies/${a3.id}/object-draw/draw`)
      .set(auth())
      .send({ entropy: '再抽一次' })
      .expect(409);

    // a4 (no technicians, so no exam component): 不配合 — 差 whatever the points.
    await t
      .http()
      .post(`/api/rating/agencies/${a4.id}/vetoes`)
      .set(auth())
      .send({ code: 'non-cooperation', evidence: '两次书面通知未提供评价资料（通知编号 2026-17、2026-21）' })
      .expect(201);

    expect((await t.http().get('/api/public/rating/rounds').expect(200)).body).toEqual([]);
    // Publishing before the survey is refused, naming what is missing.
    const incomplete = await t.http().post(`/api/rating/rounds/${roundId}/publish`).set(auth()).expect(422);
    expect(incomplete.body.code).toBe('sheets_incomplete');
    expect(incomplete.body.message).toContain('满意度测评：尚无评议表');

    // The survey: one-use links (a1: county bureau 10, township office 9; a3: service object 8), a paper form (a2: 9).
    const links = (
      await t
        .http()
        .post(`/api/rating/agencies/${a1.id}/survey-links`)
        .set(auth())
        .send({
          links: [
            { respondentType: 'county-bureau', label: '兰山区应急管理局' },
            { respondentType: 'township-office', label: '义堂镇应急办' },
          ],
        })
        .expect(201)
    ).body as { token: string }[];
    const form = await t.http().get(`/api/public/rating/survey/${links[0].token}`).expect(200);
    expect(form.body).toMatchObject({ agencyName: a1.name, respondentType: 'county-bureau' });
    expect(form.body.criteria.map((c: { name: string }) => c.name)).toEqual([
      '合规执业',
      '服务质量',
      '规范收费',
      '职业道德',
      '公平竞争',
    ]);
    await t
      .http()
      .post(`/api/public/rating/survey/${links[0].token}`)
      .send({ scores: ALL_TWO, otherMatters: '服务及时' })
      .expect(201);
    const reused = await t
      .http()
      .post(`/api/public/rating/survey/${links[0].token}`)
      .send({ scores: ALL_TWO })
      .expect(409);
    expect(reused.body.code).toBe('survey_link_used');
    await t.http().get(`/api/public/rating/survey/${links[0].token}`).expect(409);
    await t.http().get('/api/public/rating/survey/not-a-real-token-at-all-xyz').expect(404);
    await t
      .http()
      .post(`/api/public/rating/survey/${links[1].token}`)
      .send({ scores: { ...ALL_TWO, fees: 2.5 } })
      .expect(400);
    await t
      .http()
      .post(`/api/public/rating/survey/${links[1].token}`)
      .send({ scores: { ...ALL_TWO, fees: 1 } })
      .expect(201);
    const [a3link, spare] = (
      await t
        .http()
        .post(`/api/rating/agencies/${a3.id}/survey-links`)
        .set(auth())
        .send({
          links: [
            { respondentType: 'service-object', label: '临沂某建材有限公司' },
            { respondentType: 'service-object', label: '临沂某纺织有限公司' },
          ],
        })
        .expect(201)
    ).body as { token: string }[];
    const sixteen = { compliance: 1.6, quality: 1.6, fees: 1.6, ethics: 1.6, competition: 1.6 };
    await t.http().post(`/api/public/rating/survey/${a3link.token}`).send({ scores: sixteen }).expect(201);
    await t
      .http()
      .post(`/api/rating/agencies/${a2.id}/survey-paper`)
      .set(auth())
      .send({ respondentType: 'township-office', scores: { ...ALL_TWO, competition: 1 } })
      .expect(201);
    // The other matters stay with the administrators.
    const responses = (
      await t.http().get(`/api/rating/agencies/${a1.id}/survey-responses`).set(auth()).expect(200)
    ).body as { otherMatters: string | null }[];
    expect(responses.map((r) => r.otherMatters)).toEqual(['服务及时', null]);

    // Bonus for a1.
    await t
      .http()
      .post(`/api/rating/agencies/${a1.id}/bonuses`)
      .set(auth())
      .send({ points: 2.5, reason: '承担全市隐患排查技术支撑并获通报表扬', authority: '临沂市应急管理局' })
      .expect(201);

    // The sheets as worked out by hand.
    const expected = {
      a1: 1800 + 2000 + 2850 + exam(a1) + 950,
      a2: 1700 + 1500 + 2200 + exam(a2) + 900,
      // a3's objects: 28 and the drawn one, clean, 30 → 29.00
      a3: 1700 + 1900 + 2900 + exam(a3) + 800,
    };
    const sheet1 = (await t.http().get(`/api/rating/agencies/${a1.id}/sheet`).set(auth(e2.token)).expect(200))
      .body;
    expect(sheet1.parts.map((p: { score: string }) => p.score)).toEqual([
      '18.00',
      '20.00',
      '28.50',
      a1.examComponent,
      '9.50',
    ]);
    expect(sheet1.sheet).toBe(formatCenti(expected.a1));
    expect(sheet1.bonus).toEqual({ claimed: '2.50', counted: '2.50' });
    expect(sheet1.total).toBe(formatCenti(Math.min(10000, expected.a1 + 250)));
    const item1 = sheet1.parts[0].items[0];
    expect(item1).toMatchObject({ no: 1, score: '2.00' });
    expect(item1.deductions).toEqual([
      expect.objectContaining({ evidence: '实测办公面积 150 平方米', recordedByName: '专家expert2' }),
    ]);
    const sheet3 = (await t.http().get(`/api/rating/agencies/${a3.id}/sheet`).set(auth(e1.token)).expect(200))
      .body;
    const item3 = sheet3.parts[0].items[2];
    expect(item3.score).toBe('1.00');
    expect(item3.deductions.map((d: { recordedByName: string }) => d.recordedByName)).toEqual([
      '专家expert1',
      '专家expert2',
    ]);
    expect(sheet3.sheet).toBe(formatCenti(expected.a3));

    // The sheet as the paper form, for printing and the file.
    const sheetFile = await t
      .http()
      .get(`/api/rating/agencies/${a1.id}/sheet.xlsx`)
      .set(auth(e2.token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const sheetBook = new ExcelJS.Workbook();
    await sheetBook.xlsx.load(sheetFile.body as ExcelJS.Buffer);
    const paper = sheetBook.getWorksheet('检查表')!;
    const rowOf = (no: number) => {
      for (let r = 1; r <= paper.rowCount; r++) {
        if (paper.getRow(r).getCell(1).value === no) {
          return paper.getRow(r);
        }
      }
      throw new Error(`no row for item ${no}`);
    };
    expect(rowOf(1).getCell(6).value).toBe('2.00');
    expect(rowOf(1).getCell(7).text).toContain('实测办公面积 150 平方米（专家expert2）');
    expect(rowOf(12).getCell(6).value).toBe('9.00');
    await t.http().get(`/api/rating/agencies/${a1.id}/sheet.xlsx`).set(auth(e1.token)).expect(403);

    // Publication: the notice period of 7 working days from the exam publication's calendar.
    const pub = await t.http().post(`/api/rating/rounds/${roundId}/publish`).set(auth()).expect(201);
    const period = noticePeriod(chinaDate(new Date()));
    expect(pub.body).toMatchObject({ currentVersion: 1, noticeStart: period.start, noticeEnd: period.end });
    // The survey closes with the publication.
    expect(
      (await t.http().post(`/api/public/rating/survey/${spare.token}`).send({ scores: ALL_TWO }).expect(409))
        .body.code,
    ).toBe('survey_closed');
    expect((await t.http().get('/api/public/rating/rounds').expect(200)).body).toEqual([
      expect.objectContaining({ roundId, version: 1, state: 'in-notice', noticeEnd: period.end }),
    ]);
    const page = (await t.http().get(`/api/public/rating/rounds/${roundId}`).expect(200)).body;
    expect(page).toMatchObject({ version: 1, state: 'in-notice', noticeEnd: period.end });
    const gradeOf = (p: typeof page, name: string) =>
      (p.grades as { agencyName: string; total: string | null; gradeName: string }[]).find(
        (g) => g.agencyName === name,
      )!;
    expect(gradeOf(page, a4.name)).toMatchObject({ total: null, gradeName: '差' });
    expect(gradeOf(page, a2.name).total).toBe(formatCenti(expected.a2));
    const text = JSON.stringify(page);
    for (const secret of ['evidence', '服务及时', 'otherMatters', '专家expert', '尾矿库']) {
      expect(text).not.toContain(secret);
    }

    // An objection about a2; the deduction is withdrawn and the round re-rated with a note.
    const objection = await t
      .http()
      .post(`/api/public/rating/rounds/${roundId}/objections`)
      .send({
        name: '王某',
        contact: '13800000000',
        content: '本机构注安师实有 8 名，附注册证书',
        about: a2.name,
      })
      .expect(201);
    const tooEarly = await t.http().post(`/api/rating/rounds/${roundId}/finalise`).set(auth()).expect(409);
    expect(tooEarly.body.code).toBe('notice_not_over');
    await t.http().post(`/api/rating/deductions/${threeShort.id}/withdraw`).set(auth()).expect(200);
    await t
      .http()
      .post(`/api/rating/rounds/${roundId}/republish`)
      .set(auth())
      .send({ changeNote: '' })
      .expect(400);
    await t
      .http()
      .post(`/api/rating/rounds/${roundId}/republish`)
      .set(auth())
      .send({ changeNote: `根据第 ${objection.body.id} 号异议核实注安师人数，撤销第 2 项扣分，重新评定` })
      .expect(201);
    const page2 = (await t.http().get(`/api/public/rating/rounds/${roundId}`).expect(200)).body;
    expect(page2.version).toBe(2);
    expect(page2.versions[1].changeNote).toContain('撤销第 2 项扣分');
    expect(gradeOf(page2, a2.name).total).toBe(formatCenti(expected.a2 + 300));
    expect(page2.noticeEnd).toBe(period.end);

    // After the period: refused while the objection is open, then final.
    await t.ds.query(`UPDATE rating_rounds SET notice_end = '2020-01-10' WHERE id = ?`, [roundId]);
    expect(
      (await t.http().post(`/api/rating/rounds/${roundId}/finalise`).set(auth()).expect(409)).body.code,
    ).toBe('objections_open');
    await t
      .http()
      .post(`/api/rating/objections/${objection.body.id}/answer`)
      .set(auth())
      .send({ answer: '异议成立，已撤销该项扣分并重新公示' })
      .expect(200);
    expect(
      (
        await t
          .http()
          .post(`/api/public/rating/rounds/${roundId}/objections`)
          .send({ name: '赵某', contact: '13900000000', content: '公示期满后的异议' })
          .expect(409)
      ).body.code,
    ).toBe('notice_over');
    await t.http().get(`/api/public/rating/rounds/${roundId}/final`).expect(404);
    await t.http().post(`/api/rating/rounds/${roundId}/finalise`).set(auth()).expect(200);
    await t
      .http()
      .post(`/api/rating/agencies/${a1.id}/deductions`)
      .set(auth())
      .send({ item: 5, rule: '5.fee', count: 1, evidence: '确定后补录' })
      .expect(409);

    // The final list: 一般 or better only.
    const bandOf = (c: number) => (c >= 9000 ? '优秀' : c >= 8000 ? '良好' : c >= 7000 ? '一般' : '差');
    const finalTotals = {
      [a1.name]: Math.min(10000, expected.a1 + 250),
      [a2.name]: expected.a2 + 300,
      [a3.name]: expected.a3,
    };
    const final = (await t.http().get(`/api/public/rating/rounds/${roundId}/final`).expect(200)).body;
    const expectedFinal = Object.entries(finalTotals)
      .filter(([, total]) => total >= 7000)
      .map(([name, total]) => ({ name, total: formatCenti(total), grade: bandOf(total) }))
      .sort((x, y) => Number(y.total) - Number(x.total));
    expect(
      (final.grades as { agencyName: string; total: string; gradeName: string }[]).map((g) => ({
        name: g.agencyName,
        total: g.total,
        grade: g.gradeName,
      })),
    ).toEqual(expectedFinal);
    expect(final.grades.map((g: { agencyName: string }) => g.agencyName)).not.toContain(a4.name);

    // Consequences: a4 (差, with the veto), the failed technician, the perfect scorers for the expert team.
    const cons = (await t.http().get(`/api/rating/rounds/${roundId}/consequences`).set(auth()).expect(200))
      .body;
    expect(cons.poor.map((p: { agencyName: string }) => p.agencyName)).toContain(a4.name);
    expect(cons.poor.find((p: { agencyName: string }) => p.agencyName === a4.name).vetoes).toEqual([
      '不配合信用评价，不提供评价资料的',
    ]);
    expect(cons.failed).toEqual([expect.objectContaining({ name: blank.sample.name, score100: 0 })]);
    expect(cons.experts).toHaveLength(rest.length);
    const xlsx = await t
      .http()
      .get(`/api/rating/rounds/${roundId}/exports/consequences.xlsx`)
      .set(auth())
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['差等级机构', '测试不合格人员', '拟推荐专家技术团队']);
    expect(wb.getWorksheet('测试不合格人员')!.getRow(2).getCell(2).value).toBe(blank.sample.name);

    // Every write is in the audit log.
    const actions = (await t.ds.getRepository(AuditEntry).find()).map((e) => e.action);
    for (const a of [
      'rating.round.create',
      'rating.exam.take',
      'rating.expert.add',
      'rating.expert.assign',
      'rating.object.add',
      'rating.deduction.add',
      'rating.deduction.withdraw',
      'rating.survey.links',
      'rating.survey.answer',
      'rating.survey.paper',
      'rating.bonus.add',
      'rating.veto.add',
      'rating.object-draw.list',
      'rating.object-draw.draw',
      'rating.publish',
      'rating.objection.file',
      'rating.republish',
      'rating.objection.answer',
      'rating.finalise',
    ]) {
      expect(actions).toContain(a);
    }
    expect(actions.filter((a) => a === 'rating.deduction.add')).toHaveLength(10);
  });

  it('takes the self-assessment lists against the templates, and closes the stage: unexcused silence is giving up', async () => {
    const roster = generateFictionalRoster({ agencies: 3, perAgency: [1, 2], seed: 5 });
    await importRoster(t, admin, roster);
    const roundId = (
      await t
        .http()
        .post('/api/rating/rounds')
        .set(auth())
        .send({
          year: 2025,
          name: '2025年度评定',
          stages: {
            selfAssessment: { start: '2025-04-10', end: '2025-04-25' },
            inspection: { start: '2025-04-25', end: '2025-07-15' },
            classification: { start: '2025-07-15', end: '2025-08-30' },
          },
        })
        .expect(201)
    ).body.id as number;
    const [b1, b2, b3] = (await t.http().get(`/api/rating/rounds/${roundId}`).set(auth()).expect(200)).body
      .agencies as RatedAgencyRow[];

    // The templates carry the forms' columns; a filled one is taken, a wrong one refused with its rows named.
    const template = async (kind: string) => {
      const res = await t
        .http()
        .get(`/api/rating/templates/${kind}`)
        .set(auth())
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ExcelJS.Buffer);
      return wb;
    };
    const statutory = await template('statutory-projects');
    expect(statutory.worksheets[0].getRow(1).getCell(2).value).toBe('项目名称');
    statutory.worksheets[0].addRow([
      1,
      '某化工厂安全现状评价',
      new Date(Date.UTC(2025, 2, 15)),
      '',
      '',
      '临沂某化工有限公司',
    ]);
    const hazard = await template('hazard-services');
    hazard.worksheets[0].addRow(['临沂某冶金有限公司', '隐患排查报告', '', '3月15日']);
    const b64 = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const bad = await t
      .http()
      .post(`/api/rating/agencies/${b1.id}/submissions`)
      .set(auth())
      .send({ kind: 'hazard-services', file: await b64(hazard), fileName: '附件3.xlsx' })
      .expect(422);
    expect(bad.body.details).toEqual([
      { row: 2, reason: '“项目检查时间”应为日期（如 2026-03-15），收到“3月15日”' },
    ]);
    const one = await t
      .http()
      .post(`/api/rating/agencies/${b1.id}/submissions`)
      .set(auth())
      .send({ kind: 'statutory-projects', file: await b64(statutory), fileName: '附件2.xlsx' })
      .expect(201);
    expect(one.body).toMatchObject({ rows: 1, selfAssessedAt: null });
    hazard.worksheets[0].getRow(2).getCell(4).value = '2025-03-15';
    const both = await t
      .http()
      .post(`/api/rating/agencies/${b1.id}/submissions`)
      .set(auth())
      .send({ kind: 'hazard-services', file: await b64(hazard), fileName: '附件3.xlsx' })
      .expect(201);
    expect(both.body.selfAssessedAt).toEqual(expect.any(String));

    // b2 is excused; b3 said nothing and has given up once the stage is closed.
    await t
      .http()
      .post(`/api/rating/agencies/${b2.id}/excuse`)
      .set(auth())
      .send({ reason: '经批准延期至 5 月 10 日报送' })
      .expect(200);
    const closed = (
      await t.http().post(`/api/rating/rounds/${roundId}/close-self-assessment`).set(auth()).expect(200)
    ).body as { id: number; status: string; statusReason: string | null }[];
    expect(closed.map((a) => [a.id, a.status])).toEqual([
      [b1.id, 'rating'],
      [b2.id, 'rating'],
      [b3.id, 'withdrawn'],
    ]);
    expect(closed[2].statusReason).toContain('视为主动放弃');
    await t
      .http()
      .post(`/api/rating/agencies/${b3.id}/deductions`)
      .set(auth())
      .send({ item: 5, rule: '5.fee', count: 1, evidence: '收费不规范' })
      .expect(409);
  });

  it('counts a link answered twice at the same moment once', async () => {
    const roster = generateFictionalRoster({ agencies: 1, perAgency: [1, 1], seed: 9 });
    await importRoster(t, admin, roster);
    const roundId = (
      await t
        .http()
        .post('/api/rating/rounds')
        .set(auth())
        .send({ year: 2027, name: '2027年度评定' })
        .expect(201)
    ).body.id as number;
    const [agency] = (await t.http().get(`/api/rating/rounds/${roundId}`).set(auth()).expect(200)).body
      .agencies as RatedAgencyRow[];
    const [link] = (
      await t
        .http()
        .post(`/api/rating/agencies/${agency.id}/survey-links`)
        .set(auth())
        .send({ links: [{ respondentType: 'service-object', label: '临沂某企业' }] })
        .expect(201)
    ).body as { token: string }[];
    const answers = await Promise.all(
      [ALL_TWO, { ...ALL_TWO, fees: 0 }, { ...ALL_TWO, ethics: 1 }].map((scores) =>
        t.http().post(`/api/public/rating/survey/${link.token}`).send({ scores }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const responses = (
      await t.http().get(`/api/rating/agencies/${agency.id}/survey-responses`).set(auth()).expect(200)
    ).body as unknown[];
    expect(responses).toHaveLength(1);
  });
});
