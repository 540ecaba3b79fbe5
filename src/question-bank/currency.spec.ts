import { beijingDate, currencyVerdict, SourceCurrency } from './currency';

const act: SourceCurrency = {
  key: '危险化学品安全法',
  status: 'in-force',
  effectiveDate: '2026-05-01',
  supersededBy: null,
  supersededFrom: null,
};
const regulation: SourceCurrency = {
  key: '危险化学品安全管理条例',
  status: 'partially-superseded',
  effectiveDate: '2013-12-07',
  supersededBy: '危险化学品安全法',
  supersededFrom: '2026-05-01',
};
const checked = { document: '危险化学品安全法', article: '第三十条', by: '题库审核组', date: '2026-12-07' };

describe('currencyVerdict: the 危险化学品安全法 taking effect on 2026-05-01', () => {
  it('the Act itself is examined only from its effective date', () => {
    expect(currencyVerdict(act, null, '2026-04-30')?.code).toBe('not-yet-in-force');
    expect(currencyVerdict(act, null, '2026-05-01')).toBeNull();
  });

  it('a 条例 item unchecked against the Act is usable before the Act governs, not after', () => {
    expect(currencyVerdict(regulation, null, '2026-04-30')).toBeNull();
    const after = currencyVerdict(regulation, null, '2026-05-01');
    expect(after?.code).toBe('unchecked-against-newer');
    expect(after?.reason).toContain('危险化学品安全法');
  });

  it('a 条例 item checked against the Act stays usable', () => {
    expect(currencyVerdict(regulation, checked, '2026-12-07')).toBeNull();
  });

  it('a superseded source retires its items from the change on, checked or not', () => {
    const measures: SourceCurrency = {
      key: '安全评价检测检验机构管理办法',
      status: 'superseded',
      effectiveDate: '2019-05-01',
      supersededBy: '安全评价检测检验机构管理办法(2026)',
      supersededFrom: '2026-03-01',
    };
    expect(currencyVerdict(measures, null, '2026-02-28')).toBeNull();
    expect(currencyVerdict(measures, checked, '2026-03-01')?.code).toBe('superseded');
    expect(currencyVerdict({ ...measures, supersededFrom: null }, null, '2020-01-01')?.code).toBe(
      'superseded',
    );
  });

  it('a repealed source is never examined', () => {
    expect(currencyVerdict({ ...act, status: 'repealed' }, null, '2026-12-07')?.code).toBe('repealed');
  });
});

describe('beijingDate', () => {
  it('is UTC+8: 16:00 UTC is already the next day in Beijing', () => {
    expect(beijingDate(new Date('2026-04-30T15:59:59Z'))).toBe('2026-04-30');
    expect(beijingDate(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05-01');
  });
});
