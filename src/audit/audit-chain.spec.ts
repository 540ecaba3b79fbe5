import {
  AuditAlgorithm,
  canonicalJson,
  chainHash,
  formatAnchor,
  GENESIS_HASH,
  keyedChainHash,
  parseAnchor,
  rowHash,
  StoredAuditRow,
  verifyChain,
  verifyChainPages,
} from './audit-chain';

const KEY = Buffer.from('k'.repeat(40));

/** A chain of n rows; the first `unkeyed` rows hashed with plain SHA-256 (written before the key). */
function chain(n: number, unkeyed = 0, key = KEY): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const alg: AuditAlgorithm = seq <= unkeyed ? 'sha256' : 'hmac-sha256';
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor: 'user:1',
      action: 'test.act',
      target: `thing:${seq}`,
      details: canonicalJson({ b: seq, a: 'x' }),
    };
    const hash = rowHash(alg, key, prev, content);
    rows.push({ ...content, prevHash: prev, hash, alg });
    prev = hash;
  }
  return rows;
}

const headOf = (rows: StoredAuditRow[]) => ({ seq: rows.length, hash: rows[rows.length - 1].hash });

describe('audit chain', () => {
  it('accepts an intact keyed chain that ends at the head', () => {
    const rows = chain(5);
    expect(verifyChain(rows, { key: KEY, head: headOf(rows) })).toEqual({
      ok: true,
      rows: 5,
      head: headOf(rows),
      unkeyedRows: 0,
      anchors: 0,
    });
  });

  it('keeps older unkeyed rows verifiable when keyed rows follow them', () => {
    const rows = chain(5, 3);
    expect(verifyChain(rows, { key: KEY, head: headOf(rows) })).toMatchObject({ ok: true, unkeyedRows: 3 });
  });

  it('finds an edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], target: 'thing:99' };
    expect(verifyChain(rows, { key: KEY })).toEqual({
      ok: false,
      seq: 3,
      reason: expect.stringContaining('edited'),
    });
  });

  it('finds a deleted row', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows, { key: KEY })).toMatchObject({ ok: false, seq: 3 });
  });

  it('finds the newest rows deleted, against the head', () => {
    const rows = chain(5);
    const head = headOf(rows);
    expect(verifyChain(rows.slice(0, 3), { key: KEY, head })).toMatchObject({
      ok: false,
      seq: 5,
      reason: expect.stringContaining('newest rows were removed'),
    });
    // Every row deleted, the head left alone.
    expect(verifyChain([], { key: KEY, head })).toMatchObject({ ok: false });
  });

  it('finds the newest rows deleted with the head rewritten too, against an anchor copied earlier', () => {
    const rows = chain(5);
    const anchor = headOf(rows);
    const cut = rows.slice(0, 3);
    expect(verifyChain(cut, { key: KEY, head: headOf(cut) })).toMatchObject({ ok: true });
    expect(verifyChain(cut, { key: KEY, head: headOf(cut), anchors: [anchor] })).toMatchObject({
      ok: false,
      seq: 5,
    });
    expect(verifyChain(rows, { key: KEY, head: anchor, anchors: [anchor, headOf(cut)] })).toMatchObject({
      ok: true,
      anchors: 2,
    });
  });

  it('refuses a chain re-hashed without the key: plain SHA-256, or another key', () => {
    const edited = chain(4).map((r) => ({ ...r, actor: 'user:2' }));
    // Re-hashed with SHA-256 throughout: the newest row is not keyed.
    let prev = GENESIS_HASH;
    const plain = edited.map((r) => {
      const hash = chainHash(prev, r);
      const row = { ...r, prevHash: prev, hash, alg: 'sha256' as const };
      prev = hash;
      return row;
    });
    expect(verifyChain(plain, { key: KEY, head: headOf(plain) })).toMatchObject({
      ok: false,
      seq: 4,
      reason: expect.stringContaining('not keyed'),
    });
    // Re-hashed with a key of the attacker's choosing.
    const forged = chain(4, 0, Buffer.from('x'.repeat(40)));
    expect(verifyChain(forged, { key: KEY, head: headOf(forged) })).toMatchObject({ ok: false, seq: 1 });
  });

  it('refuses an unkeyed row after a keyed one (a downgrade)', () => {
    const rows = chain(3);
    const third = { ...rows[2], alg: 'sha256' as const };
    third.hash = chainHash(third.prevHash, third);
    rows[2] = third;
    expect(verifyChain(rows, { key: KEY })).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringContaining('unkeyed row after keyed rows'),
    });
  });

  it('finds a row whose hash was recomputed without relinking the next', () => {
    const rows = chain(4);
    const edited = { ...rows[1], actor: 'user:2' };
    edited.hash = keyedChainHash(KEY, edited.prevHash, edited);
    rows[1] = edited;
    expect(verifyChain(rows, { key: KEY })).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringContaining('prev_hash'),
    });
  });

  it('gives the same verdicts page by page as over the whole chain', async () => {
    async function* pages(rows: StoredAuditRow[], size: number) {
      for (let i = 0; i < rows.length; i += size) {
        await Promise.resolve();
        yield rows.slice(i, i + size);
      }
    }
    const rows = chain(7, 2);
    const opts = { key: KEY, head: headOf(rows), anchors: [{ seq: 3, hash: rows[2].hash }] };
    expect(await verifyChainPages(pages(rows, 2), opts)).toEqual(verifyChain(rows, opts));
    const edited = rows.map((r) => (r.seq === 6 ? { ...r, target: 'thing:x' } : r));
    expect(await verifyChainPages(pages(edited, 2), opts)).toEqual(verifyChain(edited, opts));
    expect(verifyChain(edited, opts)).toMatchObject({ ok: false, seq: 6 });
  });

  it('prints anchors in groups of eight hex digits and parses them back, with or without spaces', () => {
    const p = { seq: 12, hash: '0123456789abcdef'.repeat(4) };
    expect(formatAnchor(p)).toBe(`12:${'01234567 89abcdef '.repeat(4).trim()}`);
    expect(parseAnchor(formatAnchor(p))).toEqual(p);
    expect(parseAnchor(` 12:${p.hash.toUpperCase()} `)).toEqual(p);
    expect(() => parseAnchor('12:abc')).toThrow('anchor');
    expect(() => parseAnchor(`x:${p.hash}`)).toThrow('anchor');
  });

  it('serialises keys in a stable order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(
      '{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}',
    );
  });
});
