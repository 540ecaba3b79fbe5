import { CpuProfile, packageOf, summariseProfile } from './profile';

describe('CPU profile summary', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
  // Node 1 idle, 2 typeorm, 3 the app's sessions module, 4 garbage collector; one sample every 10 ms.
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)', '') },
      {
        id: 2,
        callFrame: frame('transformColumn', 'file:///work/main/node_modules/typeorm/query-builder/Q.js'),
      },
      { id: 3, callFrame: frame('save', 'file:///work/main/src/sessions/answer-writer.ts') },
      { id: 4, callFrame: frame('(garbage collector)', '') },
    ],
    startTime: 0,
    endTime: 200_000,
    // 0–100 ms: typeorm ×6, app ×2, GC ×1, idle ×1; 100–200 ms: idle only.
    samples: [2, 2, 2, 3, 2, 2, 3, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    timeDeltas: Array.from({ length: 20 }, () => 10_000),
  };

  it('names packages: node_modules (scoped too), the app by folder, node, V8', () => {
    expect(packageOf(frame('f', 'file:///x/node_modules/@nestjs/core/a.js'))).toBe('@nestjs/core');
    expect(packageOf(frame('f', 'file:///x/node_modules/mysql2/lib/a.js'))).toBe('mysql2');
    expect(packageOf(frame('f', 'file:///work/main/src/sessions/a.ts'))).toBe('app src/sessions');
    expect(packageOf(frame('f', 'file:///work/main/dist/src/scoring/a.js'))).toBe('app src/scoring');
    expect(packageOf(frame('f', 'node:internal/streams'))).toBe('node');
    expect(packageOf(frame('(garbage collector)', ''))).toBe('(garbage collector)');
  });

  it('shares self time out within each window, leaving idle time out', () => {
    // Sample i is taken at (i + 1) × 10 ms: the first window holds samples 0–9, the second 10–19 (all idle).
    const [busy, quiet] = summariseProfile(profile, [
      { name: 'answers', fromMs: 0, toMs: 105 },
      { name: 'after', fromMs: 106, toMs: 200 },
    ]);
    expect(busy).toMatchObject({ name: 'answers', sampledMs: 100, busyPct: 90 });
    expect(busy.packages.map((p) => [p.name, p.pct])).toEqual([
      ['typeorm', 66.7],
      ['app src/sessions', 22.2],
      ['(garbage collector)', 11.1],
    ]);
    expect(busy.functions[0]).toEqual({ name: 'transformColumn query-builder/Q.js:10', ms: 60, pct: 66.7 });
    expect(quiet).toMatchObject({ name: 'after', busyPct: 0, packages: [], functions: [] });
  });
});
