import { describeUsccProblem, isValidUscc, usccCheckChar, usccProblem } from './uscc';

describe('统一社会信用代码 (GB 32100)', () => {
  // Published codes of well-known companies; their check characters were recomputed with usccCheckChar.
  it.each(['914403001922038216', '9144030071526726XG', '91110000100006485K', '91370000163044841F'])(
    'accepts the valid code %s',
    (code) => {
      expect(usccProblem(code)).toBeNull();
      expect(isValidUscc(code)).toBe(true);
    },
  );

  it('computes the check character (sum of value × 3^(i−1) mod 31, then 31 − sum mod 31)', () => {
    expect(usccCheckChar('91440300192203821')).toBe('6');
    expect(usccCheckChar('91370000163044841')).toBe('F');
    // A check value of 0 (sum ≡ 0 mod 31) yields '0', never the out-of-range 31.
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('names what is wrong', () => {
    expect(usccProblem('91440300192203821')).toBe('length');
    expect(usccProblem('91440300192203821I')).toBe('charset');
    expect(usccProblem('91A40300192203821' + '6')).toBe('division');
    expect(usccProblem('914403001922038217')).toBe('check');
    expect(describeUsccProblem('check')).toContain('校验位');
  });

  it('rejects every single-character change of a valid code', () => {
    const code = '91370000163044841F';
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 18; i++) {
      for (const ch of charset) {
        if (ch === code[i]) {
          continue;
        }
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(isValidUscc(changed)).toBe(false);
      }
    }
  });
});
