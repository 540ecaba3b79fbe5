import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskName } from '../roster/mask';
import {
  CanonicalRoster,
  commitmentOf,
  draw,
  DRAW_ALGORITHM_V1,
  DRAW_ALGORITHM_V2,
  drawSeed,
  rosterHash,
  technicianRank,
} from './draw';

/** docs/draw.md is what outside verifiers implement from: its examples must be what the code does. */
const doc = readFileSync(join(__dirname, '../../docs/draw.md'), 'utf8');

function between(start: string, end: string): string {
  const i = doc.indexOf(start);
  const j = doc.indexOf(end, i + start.length);
  if (i < 0 || j < 0) {
    throw new Error(`docs/draw.md: section not found: ${start}`);
  }
  return doc.slice(i + start.length, j);
}

describe('docs/draw.md agrees with the code', () => {
  it('masks names exactly as its table says (src/roster/mask.ts)', () => {
    const rows = between('<!-- masking examples', '<!-- end of masking examples -->')
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| name') && !l.startsWith('| ---'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map(([, name, masked]) => [name, masked]);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows).toContainEqual(['欧阳修', '欧阳*']);
    expect(rows).toContainEqual(['阿卜杜拉·买买提', '阿***·***']);
    for (const [name, masked] of rows) {
      expect([name, maskName(name)]).toEqual([name, masked]);
    }
  });

  it('gives the v2 vector (§9.2) as the code computes it', () => {
    const json = between('<!-- v2 vector roster', '```\n\n').split('```json\n')[1];
    const roster = JSON.parse(json) as CanonicalRoster;
    const secret = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const hash = rosterHash(roster);
    const seed = drawSeed(secret, '08 16 24 32 43', hash);
    const section = doc.slice(doc.indexOf('### 9.2'));
    expect(section).toContain(`| rosterHash | \`${hash}\` |`);
    expect(section).toContain(`| commitment | \`${commitmentOf(secret)}\` |`);
    expect(section).toContain(`| seed | \`${seed}\` |`);
    for (const t of roster.technicians) {
      expect(section).toContain(
        `| rank …-${t.key.slice(-4)} (${t.discipline}) | \`${technicianRank(seed, t.key)}\` |`,
      );
    }
    const [v2] = draw(roster, '0.5', seed, DRAW_ALGORITHM_V2);
    const short = (keys: string[]) => `[${keys.map((k) => `…-${k.slice(-4)}`).join(', ')}]`;
    expect(section).toContain(`drawn ${short(v2.drawn).replace('[', '`[').replace(/]$/, ']`')}`);
    expect(section).toContain(`\`${short(v2.substitutes)}\``);
    expect(v2.inclusion).toEqual({ commerce: '59/105', machinery: '59/105', tobacco: '22/35' });
    expect(section).toContain('inclusion `{commerce: "59/105", machinery: "59/105", tobacco: "22/35"}`');
    const [v1] = draw(roster, '0.5', seed, DRAW_ALGORITHM_V1);
    expect(section).toContain(`drawn \`${short(v1.drawn)}\``);
    expect(v1.allocation).toEqual({ commerce: 2, machinery: 2, tobacco: 0 });
  });

  it('states the v2 inclusion of the §9.1 vector as the code computes it', () => {
    const json = doc.slice(doc.indexOf('### 9.1')).split('```json\n')[1].split('\n```')[0];
    const roster = JSON.parse(json) as CanonicalRoster;
    const secret = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const seed = drawSeed(secret, '07 15 23 31 42', rosterHash(roster));
    const v1 = draw(roster, '0.5', seed, DRAW_ALGORITHM_V1);
    const v2 = draw(roster, '0.5', seed, DRAW_ALGORITHM_V2);
    expect(v2.map((a) => ({ ...a, inclusion: undefined }))).toEqual(
      v1.map((a) => ({ ...a, inclusion: undefined })),
    );
    expect(v2.map((a) => a.inclusion)).toEqual([
      { commerce: '2/3', tobacco: '2/3' },
      { machinery: '1/2' },
      {},
    ]);
    expect(doc).toContain('`{commerce: "2/3", tobacco: "2/3"}`, `{machinery: "1/2"}` and `{}`');
  });
});
