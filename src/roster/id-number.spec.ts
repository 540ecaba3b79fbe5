import { describeIdNumberProblem, idCheckChar, idNumberProblem, isValidIdNumber } from './id-number';

const today = new Date('2026-01-01T00:00:00Z');

describe('公民身份号码 (GB 11643)', () => {
  // 11010519491231002X is the standard's own example; the others were computed with idCheckChar.
  it.each(['11010519491231002X', '371302199001011233', '371321198512120014'])('accepts %s', (id) => {
    expect(idNumberProblem(id, today)).toBeNull();
  });

  it('computes the MOD 11-2 check character, X standing for 10', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('37130219900101123')).toBe('3');
  });

  it('names what is wrong', () => {
    expect(idNumberProblem('1101051949123100', today)).toBe('format');
    expect(idNumberProblem('11010519491231002x', today)).toBe('format');
    expect(idNumberProblem('110105194902300021', today)).toBe('birth-date');
    expect(idNumberProblem('110105203001010021', today)).toBe('birth-date');
    expect(idNumberProblem('110105194912310021', today)).toBe('check');
    expect(describeIdNumberProblem('check')).toContain('校验位');
  });

  it('rejects every single-digit change of the check-bearing part', () => {
    const id = '371302199001011233';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        const ch = String(d);
        if (ch === id[i]) {
          continue;
        }
        const changed = id.slice(0, i) + ch + id.slice(i + 1);
        expect(isValidIdNumber(changed, today)).toBe(false);
      }
    }
  });
});
