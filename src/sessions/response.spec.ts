import { checkResponse, isAnswered } from './response';

describe('response checks', () => {
  const judge = { type: 'judge' as const, labels: [] };
  const single = { type: 'single' as const, labels: ['A', 'B', 'C', 'D'] };
  const multiple = { type: 'multiple' as const, labels: ['A', 'B', 'C', 'D', 'E'] };

  it('takes true/false for judge questions', () => {
    expect(checkResponse(judge, true)).toEqual({ ok: true, value: true });
    expect(checkResponse(judge, false)).toEqual({ ok: true, value: false });
    expect(checkResponse(judge, 'A').ok).toBe(false);
  });

  it('takes one shown label for single choice', () => {
    expect(checkResponse(single, 'C')).toEqual({ ok: true, value: 'C' });
    expect(checkResponse(single, 'E').ok).toBe(false);
    expect(checkResponse(single, ['C']).ok).toBe(false);
  });

  it('takes distinct shown labels for multiple choice, sorted', () => {
    expect(checkResponse(multiple, ['D', 'A'])).toEqual({ ok: true, value: ['A', 'D'] });
    expect(checkResponse(multiple, ['A', 'A']).ok).toBe(false);
    expect(checkResponse(multiple, []).ok).toBe(false);
    expect(checkResponse(multiple, ['F']).ok).toBe(false);
    expect(checkResponse(multiple, 'A').ok).toBe(false);
  });

  it('lets any question be cleared, which is not an answer', () => {
    expect(checkResponse(multiple, null)).toEqual({ ok: true, value: null });
    expect(isAnswered('null')).toBe(false);
    expect(isAnswered('["A"]')).toBe(true);
  });
});
