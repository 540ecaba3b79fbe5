import { checkSubmissionRows, submissionColumns } from './submission-lists';

const header = submissionColumns('hazard-services').map((c) => c.header);

describe('附件3 企业隐患排查报告清单 as uploaded', () => {
  it('accepts rows with the required cells and dates, skipping blank rows', () => {
    const r = checkSubmissionRows('hazard-services', header, [
      ['临沂某化工有限公司', '2026年隐患排查报告', '兰山区义堂镇', '2026-03-15', '2026-03-20', '', '已整改'],
      ['', '', '', '', '', '', ''],
      ['临沂某冶金有限公司', '隐患排查报告', '', '2026-02-01', '', '', ''],
    ]);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x['企业名称'])).toEqual(['临沂某化工有限公司', '临沂某冶金有限公司']);
  });

  it('names every problem by row and accepts nothing then', () => {
    const r = checkSubmissionRows('hazard-services', header, [
      ['', '报告', '', '2026-03-15'],
      ['临沂某化工有限公司', '报告', '', '3月15日'],
    ]);
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { row: 2, reason: '“企业名称”不能为空' },
      { row: 3, reason: '“项目检查时间”应为日期（如 2026-03-15），收到“3月15日”' },
    ]);
  });

  it('refuses another form (the header of 附件2) and an empty list', () => {
    const other = submissionColumns('statutory-projects').map((c) => c.header);
    expect(checkSubmissionRows('hazard-services', other, []).problems[0].reason).toContain('表头应为');
    expect(checkSubmissionRows('hazard-services', header, []).problems).toEqual([
      { row: 2, reason: '清单没有数据行' },
    ]);
  });
});
