import { RatingInputError, surveyFormTotal, surveyScore, SurveyScores } from './rate';

const form = (c: number, q: number, f: number, e: number, k: number): SurveyScores => ({
  compliance: c,
  quality: q,
  fees: f,
  ethics: e,
  competition: k,
});

describe('item 20: the 附件4 survey, five criteria × 2 points, mean over the forms', () => {
  it('a county bureau 10, a township office 8.5, a service object 5: (10 + 8.5 + 5) / 3 = 7.833… → 7.83', () => {
    const forms = [
      form(200, 200, 200, 200, 200),
      form(200, 150, 200, 100, 200),
      form(100, 100, 100, 100, 100),
    ];
    expect(forms.map(surveyFormTotal)).toEqual([1000, 850, 500]);
    expect(surveyScore(forms)).toEqual({ n: 3, score: 783 });
  });

  it('rounds half-up: five forms of 10 and three of 9 give 77 / 8 = 9.625 → 9.63', () => {
    const ten = form(200, 200, 200, 200, 200);
    const nine = form(200, 200, 200, 200, 100);
    expect(surveyScore([ten, ten, ten, ten, ten, nine, nine, nine]).score).toBe(963);
  });

  it('no form: no score', () => {
    expect(surveyScore([])).toEqual({ n: 0, score: null });
  });

  it('a criterion above 2 points, negative, finer than 0.01 or missing is refused', () => {
    expect(() => surveyFormTotal(form(250, 200, 200, 200, 200))).toThrow('合规执业应为 0–2 分');
    expect(() => surveyFormTotal(form(200, -1, 200, 200, 200))).toThrow(RatingInputError);
    expect(() => surveyFormTotal(form(200, 200, 150.5, 200, 200))).toThrow('规范收费');
    expect(() => surveyFormTotal({ compliance: 200 } as SurveyScores)).toThrow('服务质量');
  });
});
