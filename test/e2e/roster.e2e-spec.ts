import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Response } from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { Agency } from '../../src/roster/agency.entity';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { FictionalRoster, generateFictionalRoster } from '../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import { Technician } from '../../src/roster/technician.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';
import { sampleRosters } from '../../scripts/make-sample-roster';

const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };

/** Collects a binary response body (supertest buffers only text by default). */
function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
}

describe.each(databasesUnderTest())('roster on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = () => ({ authorization: `Bearer ${admin}` });
  const upload = async (roster: FictionalRoster | Buffer, status: number) => {
    const file = Buffer.isBuffer(roster) ? roster : await buildRosterWorkbook(lists, roster);
    return t
      .http()
      .post('/api/roster/import')
      .set(auth())
      .send({ file: file.toString('base64'), fileName: '名册.xlsx' })
      .expect(status);
  };

  beforeAll(async () => {
    t = await createTestApp(kind, 'roster');
    await t.reset();
    // The token stays valid across resets: the administrator is re-created with the same id.
    admin = await t.login();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('serves a template with both sheets, Chinese headers, an example row and drop-down lists', async () => {
    const res = await t.http().get('/api/roster/template').set(auth()).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    const agencies = wb.getWorksheet('机构')!;
    const technicians = wb.getWorksheet('技术人员')!;
    expect(agencies.getRow(1).values).toEqual(
      expect.arrayContaining(['统一社会信用代码', '机构名称', '所在区县']),
    );
    expect(technicians.getRow(1).values).toEqual(
      expect.arrayContaining(['姓名', '身份证号码', '所属机构统一社会信用代码', '专业', '是否专职']),
    );
    expect(technicians.getCell('A2').text).toContain('【示例】');
    const dv = (ws: ExcelJS.Worksheet) =>
      (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
        .dataValidations.model;
    const disciplineList = Object.entries(dv(technicians)).find(([addr]) => addr.startsWith('D2'))![1];
    const countyList = Object.entries(dv(agencies)).find(([addr]) => addr.startsWith('C2'))![1];
    expect(disciplineList).toMatchObject({ type: 'list' });
    const options = wb.getWorksheet('选项')!;
    expect(options.getColumn(1).values).toEqual(expect.arrayContaining(['危险化学品', '商贸']));
    expect(options.getColumn(2).values).toEqual(expect.arrayContaining(['兰山区', '临沂临港区']));
    expect(String(countyList.formulae[0])).toContain('选项');
  });

  it('imports all or nothing, re-imports without change, updates a changed file with an audit entry', async () => {
    const roster = generateFictionalRoster({ agencies: 6, perAgency: [3, 8], seed: 21 });
    const first = await upload(roster, 200);
    expect(first.body).toMatchObject({
      changed: true,
      agencies: { created: 6 },
      technicians: { created: roster.technicians.length },
      conflicts: [],
    });
    const before = await t.ds.getRepository(Technician).find({ order: { id: 'ASC' } });

    const again = await upload(roster, 200);
    expect(again.body).toMatchObject({
      changed: false,
      agencies: { created: 0, updated: 0, unchanged: 6 },
      technicians: { created: 0, updated: 0, unchanged: roster.technicians.length, deactivated: 0 },
    });
    expect(await t.ds.getRepository(Technician).find({ order: { id: 'ASC' } })).toEqual(before);

    const changed = structuredClone(roster);
    changed.technicians[0].disciplineName =
      changed.technicians[0].disciplineName === '烟草' ? '纺织' : '烟草';
    const dropped = changed.technicians.pop()!;
    const res = await upload(changed, 200);
    expect(res.body).toMatchObject({ changed: true, technicians: { updated: 1, deactivated: 1 } });
    const gone = await t.ds.getRepository(Technician).findOneByOrFail({ idNumber: dropped.idNumber });
    expect(gone.active).toBe(false);
    const audit = await t.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'roster.import' }, order: { seq: 'ASC' } });
    expect(audit).toHaveLength(3);
    const details = JSON.parse(audit[2].details);
    expect(details.techniciansUpdated[0].changes).toHaveProperty('discipline');
    expect(JSON.stringify(details)).not.toContain(dropped.idNumber);
  });

  it('rejects a file with problems, listing sheet, row, column and reason, and imports nothing', async () => {
    const roster = generateFictionalRoster({ agencies: 3, perAgency: [3, 3], seed: 4 });
    roster.technicians[1].idNumber =
      roster.technicians[1].idNumber.slice(0, 17) +
      (roster.technicians[1].idNumber.endsWith('0') ? '1' : '0');
    roster.technicians[2].disciplineName = '核电';
    roster.technicians[3].agencyCode = '91370000163044841F';
    roster.technicians.push({ ...roster.technicians[4] });
    const res = await upload(roster, 422);
    expect(res.body.code).toBe('roster_import_invalid');
    expect(res.body.details.errors).toEqual(
      expect.arrayContaining([
        { sheet: '技术人员', row: 3, column: '身份证号码', reason: '身份证号码校验位错误' },
        expect.objectContaining({ sheet: '技术人员', row: 4, column: '专业' }),
        expect.objectContaining({ sheet: '技术人员', row: 5, column: '所属机构统一社会信用代码' }),
        expect.objectContaining({
          sheet: '技术人员',
          row: 11,
          column: '身份证号码',
          reason: expect.stringContaining('与第 6 行重复'),
        }),
      ]),
    );
    expect(await t.ds.getRepository(Agency).count()).toBe(0);
    expect(await t.ds.getRepository(Technician).count()).toBe(0);
    await upload(Buffer.from('not a spreadsheet'), 422);
  });

  it('exports the roster so that importing the export changes nothing', async () => {
    const roster = generateFictionalRoster({ agencies: 4, perAgency: [2, 5], seed: 8, inactiveShare: 0.2 });
    await upload(roster, 200);
    const exported = await t
      .http()
      .get('/api/roster/export')
      .set(auth())
      .buffer(true)
      .parse(binary)
      .expect(200);
    const res = await upload(exported.body as Buffer, 200);
    expect(res.body.changed).toBe(false);
  });

  it('reports a person active in two agencies and resolves it with a reason, keeping both records', async () => {
    const roster = generateFictionalRoster({ agencies: 4, perAgency: [3, 3], seed: 9, conflicts: 1 });
    const imported = await upload(roster, 200);
    expect(imported.body.conflicts).toHaveLength(1);
    const conflict = imported.body.conflicts[0];
    expect(conflict.records).toHaveLength(2);
    const list = await t.http().get('/api/roster/conflicts').set(auth()).expect(200);
    expect(list.body).toEqual(imported.body.conflicts);

    const keep = conflict.records[0].technicianId;
    await t.http().post('/api/roster/conflicts/resolve').set(auth()).send({ technicianId: keep }).expect(400);
    const resolved = await t
      .http()
      .post('/api/roster/conflicts/resolve')
      .set(auth())
      .send({ technicianId: keep, reason: '已与另一机构解除劳动合同' })
      .expect(200);
    expect(resolved.body).toEqual([]);
    const records = await t.ds.getRepository(Technician).find({ where: { idNumber: conflict.idNumber } });
    expect(records.map((r) => [r.id, r.active]).sort()).toEqual(
      [
        [keep, true],
        [conflict.records[1].technicianId, false],
      ].sort(),
    );
    const audit = await t.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'roster.conflict.resolve' });
    expect(JSON.parse(audit.details).reason).toBe('已与另一机构解除劳动合同');
    await t
      .http()
      .post('/api/roster/conflicts/resolve')
      .set(auth())
      .send({ technicianId: keep, reason: '再次处理' })
      .expect(409);
  });

  it('offers CRUD, search and per-agency counts by discipline, validating check digits', async () => {
    await t
      .http()
      .post('/api/agencies')
      .set(auth())
      .send({ code: '91370000163044841E', name: '甲', county: '兰山区' })
      .expect(400);
    await t
      .http()
      .post('/api/agencies')
      .set(auth())
      .send({ code: '91370000163044841F', name: '甲', county: '火星区' })
      .expect(422);
    const agency = await t
      .http()
      .post('/api/agencies')
      .set(auth())
      .send({ code: '91370000163044841f', name: '临沂甲安全评价有限公司', county: '兰山区' })
      .expect(201);
    expect(agency.body.code).toBe('91370000163044841F');
    await t
      .http()
      .post('/api/agencies')
      .set(auth())
      .send({ code: '91370000163044841F', name: '乙', county: '兰山区' })
      .expect(409);

    const add = (idNumber: string, discipline: string, name = '张三') =>
      t
        .http()
        .post('/api/technicians')
        .set(auth())
        .send({ agencyId: agency.body.id, name, idNumber, discipline });
    await add('110105194912310021', 'commerce').expect(400);
    await add('11010519491231002x', 'commerce').expect(201);
    await add('371302199001011233', 'commerce', '李四').expect(201);
    const third = await add('371321198512120014', 'tobacco', '王五').expect(201);
    await add('371321198512120014', 'tobacco').expect(409);
    await add('371321198512120014', 'nuclear').expect(400);

    const counts = await t.http().get('/api/agencies/counts').set(auth()).expect(200);
    expect(counts.body).toEqual([
      expect.objectContaining({
        code: '91370000163044841F',
        total: 3,
        byDiscipline: { commerce: 2, tobacco: 1 },
      }),
    ]);
    await t.http().patch(`/api/technicians/${third.body.id}`).set(auth()).send({ active: false }).expect(200);
    const after = await t
      .http()
      .get(`/api/agencies/counts?agencyId=${agency.body.id}`)
      .set(auth())
      .expect(200);
    expect(after.body[0]).toMatchObject({ total: 2, byDiscipline: { commerce: 2 } });

    const found = await t.http().get('/api/technicians?q=李').set(auth()).expect(200);
    expect(found.body).toMatchObject({ total: 1, items: [{ name: '李四' }] });
    const byId = await t.http().get('/api/technicians?q=002x').set(auth()).expect(200);
    expect(byId.body.total).toBe(1);
    const none = await t.http().get('/api/technicians?q=%25').set(auth()).expect(200);
    expect(none.body.total).toBe(0);
    const agencies = await t.http().get('/api/agencies?q=甲安全').set(auth()).expect(200);
    expect(agencies.body.total).toBe(1);

    await t
      .http()
      .patch(`/api/agencies/${agency.body.id}`)
      .set(auth())
      .send({ name: '临沂甲安全咨询有限公司' })
      .expect(200);
    await t.http().delete(`/api/agencies/${agency.body.id}`).set(auth()).expect(409);
    await t.http().delete(`/api/technicians/${third.body.id}`).set(auth()).expect(204);
    const actions = (await t.ds.getRepository(AuditEntry).find()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'agency.create',
        'technician.create',
        'technician.update',
        'agency.update',
        'technician.delete',
      ]),
    );
  });

  it('ships a sample roster that imports with one conflict, and an errors sample that fails where its README says', async () => {
    const dir = resolve(__dirname, '../../samples/roster');
    const expected = sampleRosters();
    const bad = await upload(readFileSync(`${dir}/sample-roster-errors.xlsx`), 422);
    const where = (e: { sheet: string; row: number; column: string }) => `${e.sheet}!${e.row}:${e.column}`;
    expect(bad.body.details.errors.map(where).sort()).toEqual(expected.problems.map(where).sort());
    const good = await upload(readFileSync(`${dir}/sample-roster.xlsx`), 200);
    expect(good.body).toMatchObject({
      agencies: { created: 20 },
      technicians: { created: expected.clean.technicians.length },
    });
    expect(good.body.conflicts).toHaveLength(1);
  });

  it('keeps proctors out', async () => {
    await t
      .http()
      .post('/api/users')
      .set(auth())
      .send({ username: 'proctor1', displayName: '监考', role: 'proctor', password: 'proctor-pass-1' })
      .expect(201);
    const proctor = await t.login('proctor1', 'proctor-pass-1');
    await t.http().get('/api/agencies').set('authorization', `Bearer ${proctor}`).expect(403);
    await t.http().get('/api/roster/template').expect(401);
  });
});
