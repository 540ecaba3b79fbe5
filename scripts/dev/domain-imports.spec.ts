import { cycles, domainGraph, KNOWN_CYCLES } from './domain-imports';

describe('domain import cycles', () => {
  it('finds the strongly connected groups of a graph, one-way chains being none', () => {
    const g = (edges: Record<string, string[]>) =>
      new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(cycles(g({ roster: [], sampling: ['roster'], papers: ['sampling'] }))).toEqual([]);
    expect(cycles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(cycles(g({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] }))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('src/ has no cycle between domains beyond the known ones, and the flow roster → sampling holds', () => {
    const graph = domainGraph();
    const known = new Set(KNOWN_CYCLES.map((c) => [...c].sort().join(',')));
    expect(cycles(graph).filter((c) => !known.has(c.join(',')))).toEqual([]);
    expect(graph.get('roster')?.size ?? 0).toBe(0);
    expect([...(graph.get('papers') ?? [])].sort()).toEqual(['question-bank', 'sampling']);
  });
});
