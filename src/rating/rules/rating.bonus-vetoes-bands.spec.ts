import { AgencyRatingInput, bandOf, bonusCounted, rateAgency, RatingInputError } from './rate';
import { LINYI_2022_40 } from './sheet';

describe('bonus: 累计加分分值不超过 10 分', () => {
  it('4 + 3.5 = 7.5 counts in full', () => {
    expect(bonusCounted(LINYI_2022_40, [400, 350])).toEqual({ claimed: 750, counted: 750 });
  });
  it('4 + 3.5 + 5 = 12.5 claimed counts 10', () => {
    expect(bonusCounted(LINYI_2022_40, [400, 350, 500])).toEqual({ claimed: 1250, counted: 1000 });
  });
  it('an award of 0 or above 10 is refused', () => {
    expect(() => bonusCounted(LINYI_2022_40, [0])).toThrow(RatingInputError);
    expect(() => bonusCounted(LINYI_2022_40, [1001])).toThrow('0.01–10');
  });
});

describe('grade bands: 优秀 ≥ 90, 良好 80–<90, 一般 70–<80, 差 < 70', () => {
  it.each([
    [10000, 'excellent'],
    [9000, 'excellent'],
    [8999, 'good'],
    [8000, 'good'],
    [7999, 'fair'],
    [7000, 'fair'],
    [6999, 'poor'],
    [0, 'poor'],
  ])('%i hundredths → %s', (total, grade) => {
    expect(bandOf(LINYI_2022_40, total)).toBe(grade);
  });
});

// The worked sheet: basic 2 + 3 + 4 + 4 + 4 = 17 (item 1 small office −2, item 2 one 注安 short −1);
// reports 4 + 5 + 5 + 5 = 19 (item 6 one workload −1); 工作实绩 objects of 24 and 30 → 27.00;
// exam 17.10; survey (10 + 8.5 + 5) / 3 → 7.83. Sheet 17 + 19 + 27 + 17.10 + 7.83 = 87.93.
const base: AgencyRatingInput = {
  agency: [
    { item: 1, rule: '1.office-area', count: 1 },
    { item: 2, rule: '2.certified', count: 1 },
    { item: 6, rule: '6.workload', count: 1 },
  ],
  objects: [
    [
      { item: 10, rule: '10.unlicensed', count: 2 },
      { item: 12, rule: '12.ledger', count: 1 },
      { item: 15, rule: '15.dangerous-work', count: 1 },
    ],
    [],
  ],
  exam: 1710,
  survey: [
    { compliance: 200, quality: 200, fees: 200, ethics: 200, competition: 200 },
    { compliance: 200, quality: 150, fees: 200, ethics: 100, competition: 200 },
    { compliance: 100, quality: 100, fees: 100, ethics: 100, competition: 100 },
  ],
  bonus: [],
  vetoes: [],
};

describe('the whole sheet', () => {
  it('parts 17 + 19 + 27 + 17.10 + 7.83 = 87.93, 良好', () => {
    const r = rateAgency(LINYI_2022_40, base);
    expect(r.parts).toEqual({ basic: 1700, reports: 1900, performance: 2700, exam: 1710, survey: 783 });
    expect([r.sheet, r.total, r.grade, r.missing]).toEqual([8793, 8793, 'good', []]);
  });

  it('a bonus of 3 lifts it to 90.93, 优秀', () => {
    const r = rateAgency(LINYI_2022_40, { ...base, bonus: [300] });
    expect([r.sheet, r.bonus.counted, r.total, r.grade]).toEqual([8793, 300, 9093, 'excellent']);
  });

  it('bonus claimed 12.5 counts 10 and the total is capped at 100: 87.93 + 10 = 97.93; a full sheet + 10 → 100', () => {
    expect(rateAgency(LINYI_2022_40, { ...base, bonus: [500, 750] }).total).toBe(9793);
    const full = rateAgency(LINYI_2022_40, {
      ...base,
      agency: [],
      objects: [[]],
      exam: 2000,
      survey: [base.survey[0]],
      bonus: [600],
    });
    expect([full.sheet, full.bonus.counted, full.total, full.grade]).toEqual([
      10000,
      600,
      10000,
      'excellent',
    ]);
  });

  it.each([
    'administrative-penalty',
    'illicit-means',
    'false-report',
    'non-cooperation',
    'serious-dishonesty',
  ] as const)('the veto %s makes 97.93 points 差', (veto) => {
    const r = rateAgency(LINYI_2022_40, { ...base, bonus: [1000], vetoes: [veto] });
    expect([r.total, r.grade, r.vetoed]).toEqual([9793, 'poor', true]);
  });

  it('without survey forms there is no total and no grade; a veto still makes it 差', () => {
    const r = rateAgency(LINYI_2022_40, { ...base, survey: [] });
    expect([r.sheet, r.total, r.grade]).toEqual([null, null, null]);
    expect(r.missing).toEqual(['满意度测评：尚无评议表']);
    expect(rateAgency(LINYI_2022_40, { ...base, survey: [], vetoes: ['false-report'] }).grade).toBe('poor');
  });

  it('without an exam component or an inspected object, both are named as missing', () => {
    const r = rateAgency(LINYI_2022_40, { ...base, exam: null, objects: [] });
    expect(r.missing).toEqual(['工作实绩：尚无现场检查的服务对象', '技术人员抽考：尚无已确定的抽考成绩']);
  });

  it('an exam component above 20 points is refused', () => {
    expect(() => rateAgency(LINYI_2022_40, { ...base, exam: 2001 })).toThrow('0–20');
  });

  it('a sheet of 69.99 is 差, 70.00 一般', () => {
    // items 7, 8, 9 zeroed (−15), item 12 of the one object fully deducted (−10), exam 15 of 20 (−5)
    const seventyInput: AgencyRatingInput = {
      ...base,
      agency: [
        { item: 7, rule: '7.format', count: 1 },
        { item: 8, rule: '8.basis', count: 1 },
        { item: 9, rule: '9.content', count: 1 },
      ],
      objects: [
        [
          { item: 12, rule: '12.major-hazard', count: 1 },
          { item: 12, rule: '12.ledger', count: 1 },
        ],
      ],
      exam: 1500,
      survey: [base.survey[0]],
    };
    const seventy = rateAgency(LINYI_2022_40, seventyInput);
    // 20 + 5 + 20 + 15 + 10 = 70
    expect([seventy.total, seventy.grade]).toEqual([7000, 'fair']);
    const below = rateAgency(LINYI_2022_40, { ...seventyInput, exam: 1499 });
    expect([below.total, below.grade]).toEqual([6999, 'poor']);
  });
});
