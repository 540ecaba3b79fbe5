import { canonicalJson, chainHash, GENESIS_HASH, StoredAuditRow, verifyChain } from './audit-chain';

function chain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor: 'user:1',
      action: 'test.act',
      target: `thing:${seq}`,
      details: canonicalJson({ b: seq, a: 'x' }),
    };
    const hash = chainHash(prev, content);
    rows.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, rows: 5 });
  });

  it('finds an edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], target: 'thing:99' };
    expect(verifyChain(rows)).toEqual({ ok: false, seq: 3, reason: expect.stringContaining('edited') });
  });

  it('finds a deleted row', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, seq: 3 });
  });

  it('finds a row whose hash was recomputed without relinking the next', () => {
    const rows = chain(4);
    const edited = { ...rows[1], actor: 'user:2' };
    edited.hash = chainHash(edited.prevHash, edited);
    rows[1] = edited;
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringContaining('prev_hash'),
    });
  });

  it('serialises keys in a stable order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(
      '{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}',
    );
  });
});
