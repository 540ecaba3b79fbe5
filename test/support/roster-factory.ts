import { DEFAULT_DISCIPLINES } from '../../src/config/disciplines';
import { DEFAULT_COUNTIES } from '../../src/roster/counties';
import { buildRosterWorkbook } from '../../src/roster/roster-workbook';
import type { TestApp } from './test-app';

import type { FictionalRoster } from '../../src/roster/fictional-roster';

/** Imports a roster through the API as the administrator would (the template's workbook, all-or-nothing). */
export async function importRoster(t: TestApp, token: string, roster: FictionalRoster): Promise<void> {
  const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
  const file = await buildRosterWorkbook(lists, roster);
  await t
    .http()
    .post('/api/roster/import')
    .set({ authorization: `Bearer ${token}` })
    .send({ file: file.toString('base64'), fileName: '名册.xlsx' })
    .expect(200);
}
