import { webcrypto } from 'node:crypto';
import { CanonicalRoster, commitmentOf, draw, drawSeed, rosterHash, technicianRank } from './draw';

/**
 * An independent implementation of docs/draw.md with WebCrypto only (what a browser verifier has), checked
 * against the reference implementation and the published test vector. If this spec fails, either the code or
 * the document is wrong.
 */
const subtle = webcrypto.subtle;
const enc = new TextEncoder();
const hex = (buf: ArrayBuffer) => Buffer.from(buf).toString('hex');
const sha256 = async (s: string) => hex(await subtle.digest('SHA-256', enc.encode(s)));

async function ranker(seed: string): Promise<(k: string) => Promise<string>> {
  const key = await subtle.importKey('raw', enc.encode(seed), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return async (k: string) => hex(await subtle.sign('HMAC', key, enc.encode(k)));
}

function canonical(r: CanonicalRoster): string {
  const lines = ['choukao-roster-v1'];
  for (const a of r.agencies) {
    lines.push(['A', a.code, a.name, a.county].join('\t'));
  }
  for (const t of r.technicians) {
    lines.push(['T', t.key, t.agencyCode, t.discipline, t.name, t.idNumber].join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** §6 of docs/draw.md, written out again from the text. */
async function docDraw(r: CanonicalRoster, ratio: string, seed: string) {
  const rank = await ranker(seed);
  const [whole, frac = ''] = ratio.split('.');
  const den = 10 ** frac.length;
  const num = Number(whole) * den + Number(frac || '0');
  const out = [];
  for (const a of r.agencies) {
    const ts = r.technicians.filter((t) => t.agencyCode === a.code);
    const withRank = await Promise.all(ts.map(async (t) => ({ ...t, rank: await rank(t.key) })));
    const R = withRank.sort((x, y) => (x.rank < y.rank ? -1 : x.rank > y.rank ? 1 : x.key < y.key ? -1 : 1));
    const N = R.length;
    const k = Math.floor((N * num + den - 1) / den);
    const M = new Map<string, typeof R>();
    for (const t of R) {
      M.set(t.discipline, [...(M.get(t.discipline) ?? []), t]);
    }
    const alloc: Record<string, number> = {};
    const rem: Record<string, number> = {};
    let given = 0;
    for (const [d, members] of M) {
      alloc[d] = Math.floor((k * members.length) / N);
      rem[d] = (k * members.length) % N;
      given += alloc[d];
    }
    const order = [...M.keys()]
      .filter((d) => rem[d] > 0)
      .sort((x, y) => {
        if (rem[x] !== rem[y]) {
          return rem[y] - rem[x];
        }
        const rx = M.get(x)![alloc[x]].rank;
        const ry = M.get(y)![alloc[y]].rank;
        return rx < ry ? -1 : rx > ry ? 1 : x < y ? -1 : 1;
      });
    for (const d of order.slice(0, k - given)) {
      alloc[d] += 1;
    }
    const drawnSet = new Set([...M].flatMap(([d, members]) => members.slice(0, alloc[d]).map((t) => t.key)));
    out.push({
      code: a.code,
      n: N,
      k,
      allocation: alloc,
      drawn: R.filter((t) => drawnSet.has(t.key)).map((t) => t.key),
      substitutes: R.filter((t) => !drawnSet.has(t.key)).map((t) => t.key),
    });
  }
  return out;
}

const VECTOR: CanonicalRoster = JSON.parse(
  '{"agencies":[{"code":"91371302MA3C000015","name":"临沂示例安全技术服务有限公司","county":"兰山区"},{"code":"91371311MA3C000029","name":"临沂样本安全评价有限公司","county":"罗庄区"},{"code":"91371312MA3C00003T","name":"临沂空白检测技术有限公司","county":"河东区"}],"technicians":[{"key":"91371302MA3C000015-0001","agencyCode":"91371302MA3C000015","discipline":"commerce","name":"张*三","idNumber":"37*************123"},{"key":"91371302MA3C000015-0002","agencyCode":"91371302MA3C000015","discipline":"commerce","name":"李*","idNumber":"37*************45X"},{"key":"91371302MA3C000015-0003","agencyCode":"91371302MA3C000015","discipline":"tobacco","name":"欧阳**","idNumber":"37*************678"},{"key":"91371311MA3C000029-0001","agencyCode":"91371311MA3C000029","discipline":"machinery","name":"王*","idNumber":"37*************901"},{"key":"91371311MA3C000029-0002","agencyCode":"91371311MA3C000029","discipline":"machinery","name":"赵*明","idNumber":"37*************234"}]}',
);
const SECRET = '0123456789abcdef'.repeat(4);
const ENTROPY = '07 15 23 31 42';

describe('docs/draw.md, redone with WebCrypto', () => {
  it('reproduces the published test vector', async () => {
    const h = await sha256(canonical(VECTOR));
    expect(h).toBe('d8ad7f9117a03aadbfcd91ebd1759d1b4b8a74a388b7692a5e35c40192d3f2fb');
    expect(await sha256(SECRET)).toBe('a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e');
    const seed = await sha256(`${SECRET}\n${ENTROPY}\n${h}`);
    expect(seed).toBe('29df430e6ec49efd1b4aae08ac5e65e53782b7962f5c7eec1fc202bd1ec6b2cc');
    expect(await (await ranker(seed))('91371302MA3C000015-0003')).toBe(
      '15d67decf8bf8c599ea6d5523147918f00db603908ce30a8baf5d0118a77ceee',
    );
    expect(await docDraw(VECTOR, '0.5', seed)).toEqual([
      {
        code: '91371302MA3C000015',
        n: 3,
        k: 2,
        allocation: { commerce: 1, tobacco: 1 },
        drawn: ['91371302MA3C000015-0003', '91371302MA3C000015-0001'],
        substitutes: ['91371302MA3C000015-0002'],
      },
      {
        code: '91371311MA3C000029',
        n: 2,
        k: 1,
        allocation: { machinery: 1 },
        drawn: ['91371311MA3C000029-0002'],
        substitutes: ['91371311MA3C000029-0001'],
      },
      { code: '91371312MA3C00003T', n: 0, k: 0, allocation: {}, drawn: [], substitutes: [] },
    ]);
  });

  it('agrees with the reference implementation on the vector and on a larger roster with many ties', async () => {
    expect(rosterHash(VECTOR)).toBe(await sha256(canonical(VECTOR)));
    expect(commitmentOf(SECRET)).toBe(await sha256(SECRET));
    const seed = drawSeed(SECRET, ENTROPY, rosterHash(VECTOR));
    expect(technicianRank(seed, 'x')).toBe(await (await ranker(seed))('x'));

    const disciplines = ['commerce', 'textile', 'tobacco', 'machinery'];
    const big: CanonicalRoster = { agencies: [], technicians: [] };
    for (let a = 0; a < 40; a++) {
      const code = `9137130200000${String(a).padStart(5, '0')}`;
      big.agencies.push({ code, name: `机构${a}`, county: '兰山区' });
      for (let i = 0; i < a % 13; i++) {
        big.technicians.push({
          key: `${code}-${String(i + 1).padStart(4, '0')}`,
          agencyCode: code,
          discipline: disciplines[(i * (a + 1)) % disciplines.length],
          name: '张*',
          idNumber: '37*************123',
        });
      }
    }
    for (const ratio of ['0.5', '0.6', '0.75', '1']) {
      const s = drawSeed(SECRET, `${ENTROPY} ${ratio}`, rosterHash(big));
      expect(await docDraw(big, ratio, s)).toEqual(draw(big, ratio, s));
    }
  });
});
