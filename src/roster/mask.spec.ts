import { maskIdNumber, maskName } from './mask';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧阳**'],
    ['欧阳修', '欧阳*'],
    ['司马相如', '司马**'],
    ['王', '*'],
    ['李建国华', '李**华'],
    ['阿卜杜拉·买买提', '阿***·***'],
    ['Zhang San', 'Z****·***'.replace('·', ' ')],
    [' 刘洋 ', '刘*'],
    ['司马相如文', '司马***'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never returns the full name of two characters or more', () => {
    for (const n of ['张三', '欧阳修', '阿依古丽·艾则孜', '上官婉儿']) {
      expect(maskName(n)).not.toBe(n);
      expect(maskName(n)).toContain('*');
    }
  });
});

describe('maskIdNumber', () => {
  it('keeps the length', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('11*************02X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });

  it('shows only the first two and last three characters', () => {
    expect(maskIdNumber('37130219900101123X')).toBe('37*************23X');
  });
});
