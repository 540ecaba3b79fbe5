import { DEFAULT_DISCIPLINES } from '../config/disciplines';
import { buildZipBombXlsx, deflatePart, writeZip } from '../../test/support/zip-writer';
import { DEFAULT_COUNTIES } from './counties';
import { generateFictionalRoster } from './fictional-roster';
import { parseRosterFile, RosterParseRules } from './roster-parse';
import { ROSTER_MAX_ROW_ELEMENTS, ROSTER_MAX_ROWS } from './roster-sheet';
import { buildRosterWorkbook } from './roster-workbook';

const rules: RosterParseRules = {
  counties: [...DEFAULT_COUNTIES],
  disciplines: DEFAULT_DISCIPLINES.map((d) => ({ code: d.code, name: d.name })),
  knownAgencyCodes: [],
  today: '2026-03-01T00:00:00.000Z',
};

describe('parseRosterFile (what the import worker runs)', () => {
  it('checks, reads and validates a roster, reporting its phases', async () => {
    const roster = generateFictionalRoster({ agencies: 3, perAgency: [2, 4], seed: 3 });
    const phases: string[] = [];
    const r = await parseRosterFile(
      await buildRosterWorkbook(
        { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) },
        roster,
      ),
      rules,
      (p) => phases.push(p.phase),
    );
    expect(phases).toEqual(['checking', 'reading', 'validating']);
    expect(r).toMatchObject({ ok: true, errorTotal: 0 });
    expect(r.ok && r.technicians).toHaveLength(roster.technicians.length);
  });

  it('refuses a sheet with more row elements than the cap allows before reading it', async () => {
    const rows = Array.from({ length: ROSTER_MAX_ROW_ELEMENTS + 1 }, (_, i) => `<row r="${i + 1}"/>`).join(
      '',
    );
    const file = writeZip([
      deflatePart('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${rows}</sheetData></worksheet>`),
    ]);
    const phases: string[] = [];
    const r = await parseRosterFile(file, rules, (p) => phases.push(p.phase));
    expect(r).toMatchObject({
      ok: false,
      code: 'roster_too_many_rows',
      details: { limit: ROSTER_MAX_ROWS, actual: ROSTER_MAX_ROW_ELEMENTS + 1 },
    });
    expect(phases).toEqual(['checking']);
  });

  it('refuses a zip bomb and a file that is no workbook with their reasons', async () => {
    const bomb = await parseRosterFile(await buildZipBombXlsx({ sheetBytes: 200 * 1024 * 1024 }), rules);
    expect(bomb).toMatchObject({ ok: false, code: 'xlsx_refused' });
    expect(await parseRosterFile(Buffer.from('not a workbook'), rules)).toMatchObject({
      ok: false,
      code: 'roster_file_unreadable',
    });
  });
});
