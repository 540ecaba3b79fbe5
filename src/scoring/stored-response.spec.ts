import { parseStoredResponse } from './stored-response';

describe('parseStoredResponse', () => {
  it.each([
    'true',
    'false',
    'null',
    '"B"',
    '["A"]',
    '["A","C"]',
    '["A","B","C","D","E"]',
    '[]',
    '"AB"',
    '"\\""',
    ' "B"',
    '["a","b"]',
    '[ "A" ]',
  ])('reads %s exactly as JSON.parse does', (s) => {
    expect(parseStoredResponse(s)).toEqual(JSON.parse(s));
  });

  it('refuses what JSON.parse refuses', () => {
    expect(() => parseStoredResponse('["A",')).toThrow(SyntaxError);
  });
});
