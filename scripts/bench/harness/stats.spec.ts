import { summarise } from './stats';

describe('latency summary', () => {
  it('gives nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(summarise(samples)).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(summarise([7])).toEqual({ count: 1, p50: 7, p90: 7, p99: 7, max: 7, mean: 7 });
  });

  it('is all zeros for no samples', () => {
    expect(summarise([])).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });
});
