import {
  describeResultFilter,
  filterResults,
  FilterableResult,
  hasOutcome,
  RESULT_OUTCOMES,
} from './result-lists';

const row = (over: Partial<FilterableResult>): FilterableResult => ({
  name: '张三',
  ticketNumber: '0001000100001',
  agencyId: 1,
  agencyName: '临沂安泰安全技术服务有限公司',
  agencyCode: '91371300MA3C8XXXXX',
  discipline: 'hazardous-chemicals',
  standing: 'graded',
  passed: true,
  expert: false,
  ...over,
});

describe('the staff results list filter', () => {
  const passed = row({ name: '张三', expert: true });
  const below = row({ name: '李四', ticketNumber: '0001000100002', passed: false });
  const voided = row({
    name: '王五',
    standing: 'voided',
    passed: false,
    agencyId: 2,
    agencyName: '沂蒙评价中心',
    agencyCode: '12371300MB1234567X',
  });
  const absent = row({ name: '欧阳小明', standing: 'absent', passed: false, discipline: 'metallurgy' });
  const pending = row({ name: '赵六', standing: 'pending', passed: false });
  const unplaced = row({ name: '钱七', standing: 'unplaced', passed: false, ticketNumber: null });
  const all = [passed, below, voided, absent, pending, unplaced];

  it('counts 不合格 as the published list does: below the pass mark, voided and absent, never the unfinished', () => {
    expect(filterResults(all, { outcome: 'failed' })).toEqual([below, voided, absent]);
    expect(filterResults(all, { outcome: 'below-pass-mark' })).toEqual([below]);
    expect(filterResults(all, { outcome: 'passed' })).toEqual([passed]);
    expect(filterResults(all, { outcome: 'expert' })).toEqual([passed]);
    expect(filterResults(all, { outcome: 'pending' })).toEqual([pending]);
    expect(filterResults(all, { outcome: 'unplaced' })).toEqual([unplaced]);
  });

  it('puts every result in exactly one of 合格, 不合格, 未结束 and 未安排场次', () => {
    for (const r of all) {
      expect(
        ['passed', 'failed', 'pending', 'unplaced'].filter((o) => hasOutcome(r, o as never)),
      ).toHaveLength(1);
    }
    expect(RESULT_OUTCOMES).toContain('absent');
  });

  it('searches names, ticket numbers, agency names and codes, and combines the filters', () => {
    expect(filterResults(all, { q: ' 欧阳 ' })).toEqual([absent]);
    expect(filterResults(all, { q: '0001000100002' })).toEqual([below]);
    expect(filterResults(all, { q: '沂蒙' })).toEqual([voided]);
    expect(filterResults(all, { q: 'ma3c8' })).toHaveLength(5);
    expect(filterResults(all, { agencyId: 2 })).toEqual([voided]);
    expect(filterResults(all, { discipline: 'metallurgy' })).toEqual([absent]);
    expect(filterResults(all, { agencyId: 1, outcome: 'failed', q: '李' })).toEqual([below]);
    expect(filterResults(all, {})).toEqual(all);
  });

  it('names the filter for the export’s record', () => {
    expect(
      describeResultFilter({ q: '张', agencyId: 3, outcome: 'failed' }, (o) =>
        o === 'failed' ? '不合格' : o,
      ),
    ).toBe('关键词“张”，机构 #3，结论 不合格');
    expect(describeResultFilter({}, String)).toBe('');
  });
});
