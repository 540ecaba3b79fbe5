import { ArgsError, parseArgs, SCENARIOS } from './args';

describe('bench arguments', () => {
  it('runs every scenario for 5,000 candidates by default', () => {
    expect(parseArgs([])).toEqual({ only: [...SCENARIOS], candidates: 5000, help: false });
  });

  it('takes --only with names and groups, in run order, without duplicates', () => {
    expect(parseArgs(['--only', 'lookup,draw']).only).toEqual(['draw', 'lookup']);
    expect(parseArgs(['--only=sessions,answers']).only).toEqual([
      'connect',
      'start-storm',
      'answers',
      'import-load',
      'deadline',
    ]);
    expect(parseArgs(['--only', 'restart,import']).only).toEqual(['import-load', 'restart']);
    expect(parseArgs(['--only', 'scoring', '--candidates', '1000'])).toEqual({
      only: ['grading', 'lookup'],
      candidates: 1000,
      help: false,
    });
    expect(parseArgs(['--only', 'START']).only).toEqual(['start-storm']);
  });

  it('refuses unknown names, missing values and out-of-range counts', () => {
    expect(() => parseArgs(['--only', 'nope'])).toThrow(ArgsError);
    expect(() => parseArgs(['--only'])).toThrow('--only needs a value');
    expect(() => parseArgs(['--candidates', '--only', 'draw'])).toThrow('--candidates needs a value');
    expect(() => parseArgs(['--candidates', '50'])).toThrow('100 to 20000');
    expect(() => parseArgs(['--candidates', '1.5'])).toThrow(ArgsError);
    expect(() => parseArgs(['--fast'])).toThrow('unknown argument "--fast"');
  });
});
