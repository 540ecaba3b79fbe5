import { positionKey, rememberPosition, restoredIndex } from './exam-position';

function memory(): Map<string, string> & {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
} {
  const m = new Map<string, string>() as Map<string, string> & {
    getItem(k: string): string | null;
    setItem(k: string, v: string): void;
  };
  m.getItem = (k) => m.get(k) ?? null;
  m.setItem = (k, v) => void m.set(k, v);
  return m;
}

describe('the question the candidate was on', () => {
  it('comes back after a reload, per attempt', () => {
    const store = memory();
    rememberPosition(store, 7, 305);
    expect(restoredIndex(store, 7, [301, 302, 305, 309])).toBe(2);
    // Another attempt on the same machine starts at the top.
    expect(restoredIndex(store, 8, [301, 302, 305])).toBe(0);
    expect(store.getItem(positionKey(7))).toBe('305');
  });

  it('opens question 1 when nothing usable is remembered', () => {
    const store = memory();
    expect(restoredIndex(store, 7, [1, 2])).toBe(0);
    store.setItem(positionKey(7), 'garbage');
    expect(restoredIndex(store, 7, [1, 2])).toBe(0);
    rememberPosition(store, 7, 99);
    expect(restoredIndex(store, 7, [1, 2])).toBe(0);
  });

  it('survives a storage that refuses', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(() => rememberPosition(broken, 1, 2)).not.toThrow();
    expect(restoredIndex(broken, 1, [2])).toBe(0);
  });
});
