import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { isBase64Text } from './base64';
import { ImportRosterDto } from '../roster/dto/roster-import.dto';

describe('isBase64Text', () => {
  it('accepts what Buffer encodes, at every padding length', () => {
    for (let n = 0; n < 64; n++) {
      expect(isBase64Text(randomBytes(n).toString('base64'))).toBe(true);
    }
  });

  it('refuses wrong lengths, foreign characters, data after padding and surplus padding', () => {
    for (const bad of ['A', 'AB', 'ABC', 'AB=C', 'A===', '====', 'AB-_', 'ABC\n', 'AB C', 'ABCD====', 'ÄBCD', 'AB==AB==']) {
      expect(isBase64Text(bad)).toBe(false);
    }
    expect(isBase64Text('')).toBe(true);
    expect(isBase64Text('AB==')).toBe(true);
    expect(isBase64Text('ABC=')).toBe(true);
  });

  it('checks an upload of 16 MB of base64 in one pass, inside the DTO validation', async () => {
    const dto = plainToInstance(ImportRosterDto, { file: 'QUJD'.repeat(4 * 1024 * 1024) });
    const errors = await validate(dto);
    // Too long for the field, but refused as such: the validation itself runs to its end.
    expect(errors.map((e) => Object.keys(e.constraints ?? {})).flat()).toEqual(['maxLength']);
    const bad = plainToInstance(ImportRosterDto, { file: `${'A'.repeat(8 * 1024 * 1024)}*===` });
    expect((await validate(bad)).map((e) => Object.keys(e.constraints ?? {})).flat()).toEqual(['isBase64Content']);
  });
});

/** Every .ts file under src/ (specs excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

describe('file contents in DTOs', () => {
  it("are checked with IsBase64Content, never with class-validator's backtracking @IsBase64", () => {
    const offenders = sources(join(__dirname, '..')).filter((p) => /@IsBase64\(/.test(readFileSync(p, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
