import { maskIdNumber, maskName } from './mask';

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧阳**'],
    ['司马相如文', '司马***'],
    ['A', '*'],
  ])('masks the name %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps only the first 2 and last 3 characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('11*************02X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });
});
