import { DEFAULT_COUNTIES, parseCounties } from './counties';

describe('county list', () => {
  it('defaults to the districts, counties and zones of 临沂', () => {
    expect(parseCounties(undefined)).toEqual(DEFAULT_COUNTIES);
    expect(parseCounties('  ')).toEqual(DEFAULT_COUNTIES);
    expect(DEFAULT_COUNTIES).toHaveLength(17);
    expect(DEFAULT_COUNTIES).toEqual(expect.arrayContaining(['兰山区', '临沭县', '临沂临港区']));
  });

  it('reads a configured list separated by commas or 、', () => {
    expect(parseCounties('兰山区, 罗庄区、河东区')).toEqual(['兰山区', '罗庄区', '河东区']);
  });

  it('refuses empty or repeated names in one line', () => {
    expect(() => parseCounties('兰山区,,河东区')).toThrow(/ROSTER_COUNTIES/);
    expect(() => parseCounties('兰山区,兰山区')).toThrow(/兰山区/);
  });
});
