import { ImportProgressRegistry } from './roster-import-progress';

describe('roster import progress', () => {
  it('reports phases to the administrator who started the import, and forgets it 2 minutes after its end', () => {
    let now = 1_000_000;
    const r = new ImportProgressRegistry(() => now);
    const t = r.start('imp-12345678', 'user:1');
    t.set({ phase: 'reading' });
    now += 1500;
    t.set({ phase: 'validating', rows: 50_000 });
    expect(r.get('imp-12345678', 'user:1')).toMatchObject({
      phase: 'validating',
      rows: 50_000,
      elapsedMs: 1500,
    });
    expect(r.get('imp-12345678', 'user:2')).toBeNull();
    t.set({ phase: 'writing', written: 400, toWrite: 50_000 });
    expect(r.get('imp-12345678', 'user:1')).toMatchObject({ phase: 'writing', rows: 50_000, written: 400 });
    t.end(true);
    now += 60_000;
    expect(r.get('imp-12345678', 'user:1')).toMatchObject({ phase: 'done', elapsedMs: 1500 });
    now += 61_000;
    expect(r.get('imp-12345678', 'user:1')).toBeNull();
  });

  it('tracks nothing without an id, and never lets a second import take over a running one', () => {
    const r = new ImportProgressRegistry();
    r.start(undefined, 'user:1').set({ phase: 'reading' });
    const first = r.start('imp-aaaaaaaa', 'user:1');
    first.set({ phase: 'reading' });
    r.start('imp-aaaaaaaa', 'user:2').set({ phase: 'done' });
    expect(r.get('imp-aaaaaaaa', 'user:1')?.phase).toBe('reading');
    expect(r.get('imp-aaaaaaaa', 'user:2')).toBeNull();
  });
});
