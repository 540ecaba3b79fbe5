import ExcelJS from 'exceljs';
import { DEFAULT_DISCIPLINES } from '../config/disciplines';
import { DEFAULT_COUNTIES } from './counties';
import { generateFictionalRoster } from './fictional-roster';
import { planIsEmpty, planRosterImport } from './roster-diff';
import { RosterRules, validateRoster } from './roster-rows';
import { buildRosterWorkbook, readRosterWorkbook } from './roster-workbook';
import { isValidIdNumber } from './id-number';
import { isValidUscc } from './uscc';

const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
const rules = (known: string[] = []): RosterRules => ({
  counties: DEFAULT_COUNTIES,
  disciplines: DEFAULT_DISCIPLINES,
  knownAgencyCodes: new Set(known),
  today: new Date('2026-01-01T00:00:00Z'),
});

/** A fictional roster written to .xlsx, with `edit` applied to the workbook before it is read back. */
async function roundTrip(edit?: (wb: ExcelJS.Workbook) => void) {
  const roster = generateFictionalRoster({ agencies: 4, perAgency: [3, 6], seed: 7 });
  let buffer = await buildRosterWorkbook(lists, roster);
  if (edit) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    edit(wb);
    buffer = Buffer.from(await wb.xlsx.writeBuffer());
  }
  return { roster, result: validateRoster(await readRosterWorkbook(buffer), rules()) };
}

describe('roster spreadsheet', () => {
  it('generates fictional rosters with valid check digits', () => {
    const r = generateFictionalRoster({ agencies: 60, perAgency: [1, 30], seed: 1, conflicts: 2 });
    expect(r.agencies.every((a) => isValidUscc(a.code))).toBe(true);
    expect(r.technicians.every((t) => isValidIdNumber(t.idNumber))).toBe(true);
    expect(new Set(r.agencies.map((a) => a.code)).size).toBe(60);
  });

  it('reads back what it writes, with codes, flags and certificates intact', async () => {
    const { roster, result } = await roundTrip();
    expect(result.errors).toEqual([]);
    expect(result.agencies.map((a) => a.code)).toEqual(roster.agencies.map((a) => a.code));
    expect(result.technicians).toHaveLength(roster.technicians.length);
    const first = roster.technicians[0];
    expect(result.technicians[0]).toMatchObject({
      row: 2,
      idNumber: first.idNumber,
      agencyCode: first.agencyCode,
      certificates: first.certificates,
      fullTime: first.fullTime,
      active: first.active,
      discipline: DEFAULT_DISCIPLINES.find((d) => d.name === first.disciplineName)!.code,
    });
  });

  it('skips the template’s example rows', async () => {
    const result = validateRoster(
      await readRosterWorkbook(await buildRosterWorkbook(lists, 'template')),
      rules(),
    );
    expect(result).toEqual({ agencies: [], technicians: [], errors: [] });
  });

  it('lists every problem with sheet, row, column and reason', async () => {
    const { result } = await roundTrip((wb) => {
      const a = wb.getWorksheet('机构')!;
      const code = a.getCell('A2').text;
      a.getCell('A2').value = code.slice(0, 17) + (code[17] === '0' ? '1' : '0'); // a wrong check character
      a.getCell('C3').value = '火星区';
      a.addRow([a.getCell('A4').value, '重复机构', '兰山区']);
      const t = wb.getWorksheet('技术人员')!;
      t.getCell('B2').value = '110105194912310021';
      t.getCell('B3').value = 371302199001011233; // typed as a number
      t.getCell('C4').value = '91370000163044841F';
      t.getCell('D5').value = '核电';
      t.getCell('F6').value = '可能';
      t.addRow([t.getCell('A7').value, t.getCell('B7').value, t.getCell('C7').value, '冶金']);
    });
    const where = result.errors.map((e) => `${e.sheet}!${e.row}:${e.column}`);
    expect(where).toEqual(
      expect.arrayContaining([
        '机构!2:统一社会信用代码',
        '机构!3:所在区县',
        '机构!6:统一社会信用代码',
        '技术人员!2:身份证号码',
        '技术人员!3:身份证号码',
        '技术人员!4:所属机构统一社会信用代码',
        '技术人员!5:专业',
        '技术人员!6:是否专职',
      ]),
    );
    const reasons = result.errors.map((e) => e.reason).join('\n');
    expect(reasons).toContain('校验位错误');
    expect(reasons).toContain('未知的区县“火星区”');
    expect(reasons).toContain('与第 4 行重复');
    expect(reasons).toContain('文本格式');
    expect(reasons).toContain('未知的机构');
    expect(reasons).toContain('未知的专业“核电”');
    expect(reasons).toMatch(/与第 7 行重复/);
  });

  it('names a missing sheet or header', () => {
    const result = validateRoster(
      { agencies: { name: '机构', headers: new Map([['机构名称', 2]]), rows: [] } },
      rules(),
    );
    expect(result.errors.map((e) => `${e.sheet}:${e.column}`)).toEqual(
      expect.arrayContaining(['技术人员:', '机构:统一社会信用代码', '机构:所在区县']),
    );
  });

  it('accepts a technician of an agency known only to the database', async () => {
    const roster = generateFictionalRoster({ agencies: 2, perAgency: [2, 2], seed: 3 });
    const buffer = await buildRosterWorkbook(lists, { agencies: [], technicians: roster.technicians });
    const sheets = await readRosterWorkbook(buffer);
    expect(validateRoster(sheets, rules()).errors.length).toBe(4);
    expect(validateRoster(sheets, rules(roster.agencies.map((a) => a.code))).errors).toEqual([]);
  });
});

describe('import plan', () => {
  const file = () => generateFictionalRoster({ agencies: 3, perAgency: [4, 4], seed: 11 });

  it('plans nothing for an identical roster, updates for a changed one, 离职 for a missing person', async () => {
    const roster = file();
    const sheets = await readRosterWorkbook(await buildRosterWorkbook(lists, roster));
    const v = validateRoster(sheets, rules());
    const fresh = planRosterImport(v, { agencies: [], technicians: [] });
    expect(fresh.agencyCreates).toHaveLength(3);
    expect(fresh.technicianCreates).toHaveLength(12);

    const existing = {
      agencies: v.agencies.map((a, i) => ({ ...a, id: i + 1 })),
      technicians: v.technicians.map((t, i) => ({ ...t, id: i + 1 })),
    };
    expect(planIsEmpty(planRosterImport(v, existing))).toBe(true);

    const changed = structuredClone(v);
    changed.technicians[0].discipline = 'tobacco';
    changed.agencies[1].name = '改名后的机构';
    const removed = changed.technicians.pop()!;
    const plan = planRosterImport(changed, existing);
    expect(plan.technicianUpdates).toEqual([
      expect.objectContaining({ id: 1, changes: { discipline: 'tobacco' } }),
    ]);
    expect(plan.agencyUpdates).toEqual([expect.objectContaining({ changes: { name: '改名后的机构' } })]);
    expect(plan.technicianDeactivations.map((d) => d.id)).toEqual([
      existing.technicians.find((t) => t.idNumber === removed.idNumber)!.id,
    ]);
    expect(plan.techniciansUnchanged).toBe(10);
  });
});
