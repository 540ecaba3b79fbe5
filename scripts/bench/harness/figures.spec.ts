import { completeFigure, Figure, formatFigure, normaliseFigures, ratioOf, roundFigure } from './figures';

describe('bench figures', () => {
  it('prints one line: name, value, unit, then target, bare and ratio', () => {
    const f: Figure = {
      name: 'answers: saves/s',
      value: 2345.6,
      unit: '/s',
      target: '≥ 2000',
      bare: 4100,
      bareLabel: 'bare socket.io',
      ratio: 0.57,
    };
    expect(formatFigure(f)).toBe(
      'answers: saves/s: 2346 /s (target ≥ 2000; bare 4100 /s — bare socket.io; ratio 0.57)',
    );
    expect(formatFigure({ name: 'draw: ms', value: 812.34, unit: 'ms' })).toBe('draw: ms: 812 ms');
    expect(
      formatFigure({ name: 'x: missing', value: null, unit: '', note: 'sessions.ts does not exist yet' }),
    ).toBe('x: missing: n/a  (sessions.ts does not exist yet)');
  });

  it('rounds small values to three significant digits and large ones to integers', () => {
    expect([roundFigure(0.12345), roundFigure(3.14159), roundFigure(42.26), roundFigure(1234.5)]).toEqual([
      0.123, 3.14, 42.3, 1235,
    ]);
  });

  it('fills the bare figure a scenario names and computes ours ÷ bare', () => {
    const bare: Figure = {
      name: 'bare: acks',
      value: 4000,
      unit: 'msg/s',
      bareLabel: 'bare socket.io, 2,000 clients',
    };
    const done = completeFigure(
      { name: 'answers: saves/s', value: 3000, unit: '/s', baseline: 'socket-acks' },
      { 'socket-acks': bare },
    );
    expect(done).toMatchObject({ bare: 4000, bareLabel: 'bare socket.io, 2,000 clients', ratio: 0.75 });
    // A bare value given by the scenario wins; an unknown baseline leaves the figure alone.
    expect(
      completeFigure(
        { name: 'a', value: 10, unit: 'ms', bare: 5, baseline: 'socket-acks' },
        { 'socket-acks': bare },
      ).ratio,
    ).toBe(2);
    expect(completeFigure({ name: 'a', value: 10, unit: 'ms', baseline: 'http-rps' }, {})).toEqual({
      name: 'a',
      value: 10,
      unit: 'ms',
      baseline: 'http-rps',
    });
    expect(ratioOf(null, 3)).toBeNull();
    expect(ratioOf(3, 0)).toBeNull();
  });

  it('keeps only well-formed fields of what a scenario returned', () => {
    expect(normaliseFigures('draw', 'oops')).toEqual([
      { name: 'draw: result', value: null, unit: '', note: 'the scenario returned no list of figures' },
    ]);
    expect(
      normaliseFigures('draw', [
        { name: 'draw: ms', value: 5, unit: 'ms', target: '< 2000', extra: 1 },
        { value: Number.NaN, bare: 'x' },
      ]),
    ).toEqual([
      { name: 'draw: ms', value: 5, unit: 'ms', target: '< 2000' },
      { name: 'draw: figure 2', value: null, unit: '' },
    ]);
  });
});
