/**
 * Recomputes a published draw record in the browser with WebCrypto, following docs/draw.md step by step
 * (the server's own implementation is src/sampling/draw.ts and draw-record.ts; this one shares no code with it,
 * so that an agency can trust the check without trusting the server's code):
 *
 *   roster hash = SHA-256(canonical roster text)            (UTF-8, lowercase hex)
 *   commitment  = SHA-256(secret)                           (the secret's 64 hex characters)
 *   seed        = SHA-256(secret + "\n" + entropy + "\n" + roster hash)
 *   rank(t)     = HMAC-SHA256(key = the seed's 64 hex characters, message = t's key)
 *   per agency: k = ceil(ratio × N); each discipline first gets floor(k × n_d / N) places (its lowest ranks);
 *   the places left go, in choukao-draw-v1, to the largest remainders (ties: the discipline whose best
 *   not-yet-placed technician ranks lower, then the lower code), in choukao-draw-v2, to the best-ranked of the
 *   disciplines' best undrawn technicians ("runners-up"); the rest of the agency, by rank, is the ordered
 *   substitute list. v2 records also state each discipline's exact inclusion probability, recomputed here by
 *   counting which sets of colleagues can rank ahead of a technician (docs/draw.md §6).
 *   excusals are replayed: each replacement is the first free substitute of the same discipline, else the
 *   first free substitute of any discipline, else nobody.
 *
 * With the values the server published at freezing (GET /api/public/campaigns/:id, `commitments`), the record's
 * roster hash and commitment must equal the last ones published before the draw: otherwise a record recomputed
 * consistently with another secret or roster would pass.
 *
 * Runs unchanged in Node 20 (globalThis.crypto.subtle), where the unit spec checks it against the server.
 * Browsers offer WebCrypto only in secure contexts (https, localhost); elsewhere the same steps run on the plain
 * TypeScript SHA-256 of sha256.ts.
 */
import { hmacSha256, sha256 } from './sha256';

export const DRAW_RECORD_FORMAT = 'choukao-draw-record';
export const DRAW_ALGORITHM_V1 = 'choukao-draw-v1';
export const DRAW_ALGORITHM_V2 = 'choukao-draw-v2';
/** Every algorithm this verifier knows; a record names the one it used. */
export const DRAW_ALGORITHMS = [DRAW_ALGORITHM_V1, DRAW_ALGORITHM_V2] as const;
export type DrawAlgorithm = (typeof DRAW_ALGORITHMS)[number];
export const ROSTER_FORMAT = 'choukao-roster-v1';

export interface RecordAgency {
  code: string;
  name: string;
  county: string;
}

export interface RecordTechnician {
  key: string;
  agencyCode: string;
  discipline: string;
  name: string;
  idNumber: string;
}

export interface RecordAgencyDraw {
  code: string;
  n: number;
  k: number;
  allocation: Record<string, number>;
  drawn: string[];
  substitutes: string[];
  /** v2: each discipline's exact inclusion probability, "num/den". */
  inclusion?: Record<string, string>;
}

export interface RecordExcusal {
  key: string;
  replacement: string | null;
  at?: string;
}

export interface DrawRecordJson {
  format: string;
  algorithm: string;
  campaign?: { id: number; name: string; year: number };
  ratio: string;
  /** Whether only full-time technicians were eligible (informative). */
  fullTimeOnly?: boolean;
  roster: { agencies: RecordAgency[]; technicians: RecordTechnician[] };
  rosterHash: string;
  commitment: string;
  secret: string;
  entropy: string;
  seed: string;
  frozenAt?: string;
  drawnAt?: string;
  agencies: RecordAgencyDraw[];
  excusals?: RecordExcusal[];
}

/** One roster hash and commitment as the server published it at a freeze. */
export interface PublishedValues {
  rosterHash: string;
  commitment: string;
  publishedAt: string;
}

/** One recomputed value beside the record's (for the page's step-by-step display). */
export interface VerifyStep {
  label: string;
  computed: string;
  recorded: string;
  ok: boolean;
}

export type DrawCheck =
  | { ok: true; steps: VerifyStep[]; agencies: number; technicians: number; drawn: number; excusals: number }
  | { ok: false; steps: VerifyStep[]; mismatch: string };

export type Progress = (done: number, total: number) => void;

class RecordError extends Error {}

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    s += b.toString(16).padStart(2, '0');
  }
  return s;
}

/** How the verifier hashes: WebCrypto where the browser offers it, else the plain TypeScript implementation. */
export interface HashBackend {
  name: 'webcrypto' | 'javascript';
  sha256(data: Bytes): Promise<Uint8Array>;
  /** HMAC-SHA256 keyed once, applied to many messages. */
  hmac(key: Bytes): Promise<(message: Bytes) => Promise<Uint8Array>>;
}

/** What TextEncoder produces (an ArrayBuffer-backed view, as WebCrypto wants). */
type Bytes = Uint8Array<ArrayBuffer>;

export const javascriptBackend: HashBackend = {
  name: 'javascript',
  sha256: (data) => Promise.resolve(sha256(data)),
  hmac: (key) => {
    const mac = hmacSha256(key);
    return Promise.resolve((m: Bytes) => Promise.resolve(mac(m)));
  },
};

export function webCryptoBackend(subtle: SubtleCrypto): HashBackend {
  return {
    name: 'webcrypto',
    sha256: async (data) => new Uint8Array(await subtle.digest('SHA-256', data)),
    hmac: async (key) => {
      const k = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return async (m: Bytes) => new Uint8Array(await subtle.sign('HMAC', k, m));
    },
  };
}

/** WebCrypto when available (secure contexts: https, localhost), else plain TypeScript. */
export function defaultBackend(): HashBackend {
  const subtle = globalThis.crypto?.subtle;
  return subtle ? webCryptoBackend(subtle) : javascriptBackend;
}

let backend: HashBackend = defaultBackend();

/** For tests: force a backend (returns the previous one). */
export function useHashBackend(b: HashBackend): HashBackend {
  const prev = backend;
  backend = b;
  return prev;
}

export function hashBackendName(): HashBackend['name'] {
  return backend.name;
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await backend.sha256(encoder.encode(text)));
}

const FORBIDDEN = /[\t\n\r]/;
const ASCII_TOKEN = /^[\x21-\x7e]+$/;

function field(v: unknown, what: string, token: boolean): string {
  if (typeof v !== 'string' || v === '') {
    throw new RecordError(`名册中${what}为空`);
  }
  if (token ? !ASCII_TOKEN.test(v) : FORBIDDEN.test(v)) {
    throw new RecordError(`名册中${what}含有规范文本无法表示的字符：${JSON.stringify(v)}`);
  }
  return v;
}

/** The canonical roster text (header, A lines, T lines; TAB-separated; every line ends with LF). */
export function canonicalRosterText(roster: DrawRecordJson['roster']): string {
  const lines: string[] = [ROSTER_FORMAT];
  const codes = new Set<string>();
  let previous: string | null = null;
  for (const a of roster.agencies) {
    const code = field(a.code, '机构代码', true);
    field(a.name, '机构名称', false);
    field(a.county, '机构区县', false);
    if (previous !== null && !(previous < code)) {
      throw new RecordError(`名册中机构未按代码升序排列（${code}）`);
    }
    codes.add(code);
    previous = code;
    lines.push(['A', a.code, a.name, a.county].join('\t'));
  }
  previous = null;
  for (const t of roster.technicians) {
    const key = field(t.key, '人员编号', true);
    field(t.agencyCode, '人员所属机构代码', true);
    field(t.discipline, '专业', true);
    field(t.name, '姓名', false);
    field(t.idNumber, '身份证号', false);
    if (!codes.has(t.agencyCode)) {
      throw new RecordError(`人员 ${key} 所属机构 ${t.agencyCode} 不在名册中`);
    }
    if (previous !== null && !(previous < key)) {
      throw new RecordError(`名册中人员未按编号升序排列（${key}）`);
    }
    previous = key;
    lines.push(['T', t.key, t.agencyCode, t.discipline, t.name, t.idNumber].join('\t'));
  }
  return lines.join('\n') + '\n';
}

const HEX64 = /^[0-9a-f]{64}$/;
const RATIO = /^(0\.\d{1,4}|1(\.0{1,4})?)$/;

/** The ratio as an exact fraction, so that k = ceil(ratio × N) never suffers floating-point rounding. */
export function parseRatio(ratio: string): { num: number; den: number } {
  if (!RATIO.test(ratio)) {
    throw new RecordError(`抽取比例格式不正确：${ratio}`);
  }
  const [whole, frac = ''] = ratio.split('.');
  const den = 10 ** frac.length;
  const num = Number(whole) * den + (frac === '' ? 0 : Number(frac));
  if (num * 2 < den || num > den) {
    throw new RecordError(`抽取比例须在 0.5 与 1 之间：${ratio}`);
  }
  return { num, den };
}

export function sampleSize(n: number, ratio: string): number {
  const { num, den } = parseRatio(ratio);
  return Math.floor((n * num + den - 1) / den);
}

interface Ranked {
  key: string;
  discipline: string;
  rank: string;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byRank = (a: Ranked, b: Ranked): number => cmp(a.rank, b.rank) || cmp(a.key, b.key);

/** Largest-remainder allocation with the documented tie rule; `members` are each discipline's technicians by rank. */
export function allocate(k: number, members: ReadonlyMap<string, readonly Ranked[]>): Map<string, number> {
  let n = 0;
  for (const m of members.values()) {
    n += m.length;
  }
  const codes = [...members.keys()].sort(cmp);
  const out = new Map<string, number>(codes.map((c) => [c, 0]));
  if (k === 0 || n === 0) {
    return out;
  }
  const rem = new Map<string, number>();
  let given = 0;
  for (const c of codes) {
    const q = k * members.get(c)!.length;
    out.set(c, Math.floor(q / n));
    rem.set(c, q % n);
    given += Math.floor(q / n);
  }
  const contenders = codes
    .filter((c) => rem.get(c)! > 0)
    .sort((a, b) => {
      const d = rem.get(b)! - rem.get(a)!;
      if (d !== 0) {
        return d;
      }
      return cmp(members.get(a)![out.get(a)!].rank, members.get(b)![out.get(b)!].rank) || cmp(a, b);
    });
  for (const c of contenders.slice(0, k - given)) {
    out.set(c, out.get(c)! + 1);
  }
  return out;
}

/**
 * choukao-draw-v2: floors floor(k × n_d / N); then each discipline with someone left offers its best-ranked
 * undrawn technician, and the best-ranked L = k − Σ floors of these get one more place each.
 */
export function allocateV2(k: number, members: ReadonlyMap<string, readonly Ranked[]>): Map<string, number> {
  let n = 0;
  for (const m of members.values()) {
    n += m.length;
  }
  const codes = [...members.keys()].sort(cmp);
  const out = new Map<string, number>(codes.map((c) => [c, 0]));
  if (k === 0 || n === 0) {
    return out;
  }
  let left = k;
  const runnersUp: Array<{ code: string; t: Ranked }> = [];
  for (const c of codes) {
    const list = members.get(c)!;
    const floor = Math.floor((k * list.length) / n);
    out.set(c, floor);
    left -= floor;
    if (floor < list.length) {
      runnersUp.push({ code: c, t: list[floor] });
    }
  }
  runnersUp.sort((a, b) => byRank(a.t, b.t));
  for (const r of runnersUp.slice(0, left)) {
    out.set(r.code, out.get(r.code)! + 1);
  }
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== BigInt(0)) {
    [a, b] = [b, a % b];
  }
  return a;
}

/** p/q + r/s, reduced. */
function addFraction(x: [bigint, bigint], y: [bigint, bigint]): [bigint, bigint] {
  const num = x[0] * y[1] + y[0] * x[1];
  const den = x[1] * y[1];
  const g = gcd(num, den);
  return [num / g, den / g];
}

/**
 * choukao-draw-v2's exact inclusion probability per discipline ("num/den"), counted rather than integrated
 * (the server integrates; both follow docs/draw.md §6). The ranks order the agency uniformly at random, so a
 * technician of discipline d has a colleagues ahead with probability 1/N for each a = 0 … N−1, and those a
 * are a uniformly random a-subset of the N − 1 colleagues. The technician gets one of the L places left when
 * exactly f_d colleagues of d are ahead (it is d's runner-up) and fewer than L other disciplines e have more
 * than f_e ahead (their runner-up ahead). So P = f_d / n_d + Σ_a ways(a) / (N × C(N−1, a)), ways(a) counting
 * those a-subsets.
 */
export function inclusionProbabilities(k: number, sizes: ReadonlyMap<string, number>): Map<string, string> {
  const codes = [...sizes.keys()].sort(cmp);
  let n = 0;
  for (const c of codes) {
    n += sizes.get(c)!;
  }
  const out = new Map<string, string>();
  if (n === 0) {
    return out;
  }
  // Pascal's triangle up to n (exact, BigInt).
  const pascal: bigint[][] = [[BigInt(1)]];
  for (let i = 1; i <= n; i++) {
    const row = [BigInt(1)];
    for (let j = 1; j < i; j++) {
      row.push(pascal[i - 1][j - 1] + pascal[i - 1][j]);
    }
    row.push(BigInt(1));
    pascal.push(row);
  }
  const choose = (a: number, b: number): bigint => (b < 0 || b > a ? BigInt(0) : pascal[a][b]);
  const floors = new Map(codes.map((c) => [c, Math.floor((k * sizes.get(c)!) / n)]));
  let places = k;
  for (const c of codes) {
    places -= floors.get(c)!;
  }
  for (const d of codes) {
    const nd = sizes.get(d)!;
    const fd = floors.get(d)!;
    let p: [bigint, bigint] = [BigInt(fd), BigInt(nd)];
    if (fd < nd && places > 0) {
      // ways[a][c]: a-subsets of the colleagues seen so far, with c other runners-up ahead (c < places).
      let ways = new Map<string, bigint>([[`${fd}:0`, choose(nd - 1, fd)]]);
      for (const e of codes) {
        if (e === d) {
          continue;
        }
        const ne = sizes.get(e)!;
        const fe = floors.get(e)!;
        const next = new Map<string, bigint>();
        for (const [key, w] of ways) {
          const [a, c] = key.split(':').map(Number);
          for (let j = 0; j <= ne; j++) {
            const c2 = j > fe ? c + 1 : c;
            if (c2 >= places) {
              continue;
            }
            const k2 = `${a + j}:${c2}`;
            next.set(k2, (next.get(k2) ?? BigInt(0)) + w * choose(ne, j));
          }
        }
        ways = next;
      }
      for (const [key, w] of ways) {
        const a = Number(key.split(':')[0]);
        p = addFraction(p, [w, BigInt(n) * choose(n - 1, a)]);
      }
    }
    const g = gcd(p[0], p[1]);
    out.set(d, `${p[0] / g}/${p[1] / g}`);
  }
  return out;
}

/** Ranks every technician: HMAC-SHA256 keyed with the seed's hex text. */
async function rankAll(
  seedHex: string,
  keys: readonly string[],
  progress?: Progress,
): Promise<Map<string, string>> {
  const mac = await backend.hmac(encoder.encode(seedHex));
  const out = new Map<string, string>();
  const batch = 500;
  for (let i = 0; i < keys.length; i += batch) {
    const slice = keys.slice(i, i + batch);
    const sigs = await Promise.all(slice.map((k) => mac(encoder.encode(k))));
    slice.forEach((k, j) => out.set(k, hex(sigs[j])));
    progress?.(Math.min(i + batch, keys.length), keys.length);
  }
  return out;
}

/** Draws every agency of the record's roster, in roster order. */
export async function recomputeDraw(
  roster: DrawRecordJson['roster'],
  ratio: string,
  seedHex: string,
  progress?: Progress,
  algorithm: DrawAlgorithm = DRAW_ALGORITHM_V1,
): Promise<RecordAgencyDraw[]> {
  parseRatio(ratio);
  const ranks = await rankAll(
    seedHex,
    roster.technicians.map((t) => t.key),
    progress,
  );
  const byAgency = new Map<string, Ranked[]>(roster.agencies.map((a) => [a.code, []]));
  for (const t of roster.technicians) {
    const list = byAgency.get(t.agencyCode);
    if (!list) {
      throw new RecordError(`人员 ${t.key} 所属机构 ${t.agencyCode} 不在名册中`);
    }
    list.push({ key: t.key, discipline: t.discipline, rank: ranks.get(t.key)! });
  }
  // Agencies of the same shape (k and discipline sizes) have the same probabilities: counted once.
  const byShape = new Map<string, Record<string, string>>();
  return roster.agencies.map((a) => {
    const ranked = [...byAgency.get(a.code)!].sort(byRank);
    const k = sampleSize(ranked.length, ratio);
    const members = new Map<string, Ranked[]>();
    for (const t of ranked) {
      const list = members.get(t.discipline) ?? [];
      list.push(t);
      members.set(t.discipline, list);
    }
    const allocation = algorithm === DRAW_ALGORITHM_V2 ? allocateV2(k, members) : allocate(k, members);
    const drawn = new Set<string>();
    for (const [d, places] of allocation) {
      for (const t of members.get(d)!.slice(0, places)) {
        drawn.add(t.key);
      }
    }
    const result: RecordAgencyDraw = {
      code: a.code,
      n: ranked.length,
      k,
      allocation: Object.fromEntries(allocation),
      drawn: ranked.filter((t) => drawn.has(t.key)).map((t) => t.key),
      substitutes: ranked.filter((t) => !drawn.has(t.key)).map((t) => t.key),
    };
    if (algorithm === DRAW_ALGORITHM_V2) {
      const sizes = new Map([...members].map(([d, list]) => [d, list.length]));
      const shape = `${k}|${[...sizes]
        .map(([d, n]) => `${d}=${n}`)
        .sort(cmp)
        .join(',')}`;
      let inclusion = byShape.get(shape);
      if (!inclusion) {
        inclusion = Object.fromEntries(inclusionProbabilities(k, sizes));
        byShape.set(shape, inclusion);
      }
      result.inclusion = { ...inclusion };
    }
    return result;
  });
}

/** The substitution rule: first free substitute of the same discipline, else the first free one, else nobody. */
export function pickReplacement(
  substitutes: ReadonlyArray<{ key: string; discipline: string }>,
  unavailable: ReadonlySet<string>,
  discipline: string,
): string | null {
  const free = substitutes.filter((s) => !unavailable.has(s.key));
  return (free.find((s) => s.discipline === discipline) ?? free[0])?.key ?? null;
}

function sortedEntries(o: Record<string, number | string> | undefined): string {
  return JSON.stringify(Object.entries(o ?? {}).sort(([a], [b]) => cmp(a, b)));
}

function compareList(what: string, got: unknown, want: string[]): string | null {
  if (!Array.isArray(got)) {
    return `${what}缺失`;
  }
  for (let j = 0; j < Math.max(got.length, want.length); j++) {
    if (got[j] !== want[j]) {
      return `${what}第 ${j + 1} 位：记录为 ${JSON.stringify(got[j] ?? null)}，重算应为 ${JSON.stringify(want[j] ?? null)}`;
    }
  }
  return null;
}

/**
 * The values published at freezing: the last of `published` made public at or before the draw (all of them
 * count when the record's drawnAt cannot be read). Null when none was published before the draw.
 */
export function publishedAtFreezing(
  published: readonly PublishedValues[],
  drawnAt: string | undefined,
): (PublishedValues & { position: number }) | null {
  const drawn = Date.parse(drawnAt ?? '');
  let found: (PublishedValues & { position: number }) | null = null;
  for (let i = 0; i < published.length; i++) {
    const at = Date.parse(published[i].publishedAt);
    if (Number.isNaN(drawn) || at <= drawn) {
      found = { ...published[i], position: i + 1 };
    }
  }
  return found;
}

/**
 * Verifies a draw record: format, roster hash, commitment (both also against the values published at freezing
 * when `published` is given), seed, then each agency's N, k, allocation, drawn list, substitute list and (v2)
 * inclusion probabilities, and finally the excusals. Reports the first mismatch in Chinese.
 */
export async function verifyDrawRecord(
  input: unknown,
  progress?: Progress,
  published?: readonly PublishedValues[],
): Promise<DrawCheck> {
  const steps: VerifyStep[] = [];
  const fail = (mismatch: string): DrawCheck => ({ ok: false, steps, mismatch });
  const r = input as Partial<DrawRecordJson> | null;
  if (!r || typeof r !== 'object') {
    return fail('记录不是 JSON 对象');
  }
  if (r.format !== DRAW_RECORD_FORMAT) {
    return fail(`记录格式应为 "${DRAW_RECORD_FORMAT}"，实际为 ${JSON.stringify(r.format)}`);
  }
  if (!DRAW_ALGORITHMS.includes(r.algorithm as DrawAlgorithm)) {
    return fail(
      `本验证程序适用于算法 ${DRAW_ALGORITHMS.map((a) => `"${a}"`).join('、')}，记录为 ${JSON.stringify(r.algorithm)}`,
    );
  }
  for (const f of ['ratio', 'rosterHash', 'commitment', 'secret', 'entropy', 'seed'] as const) {
    if (typeof r[f] !== 'string') {
      return fail(`记录缺少字段 ${f} 或其不是字符串`);
    }
  }
  if (!r.roster || !Array.isArray(r.roster.agencies) || !Array.isArray(r.roster.technicians)) {
    return fail('记录缺少名册（roster.agencies / roster.technicians）');
  }
  if (!Array.isArray(r.agencies)) {
    return fail('记录缺少各机构抽取结果（agencies）');
  }
  const rec = r as DrawRecordJson;
  try {
    if (!HEX64.test(rec.secret)) {
      return fail('密钥（secret）应为 64 位小写十六进制');
    }
    const hash = await sha256Hex(canonicalRosterText(rec.roster));
    steps.push({
      label: '名册哈希 SHA-256(规范名册文本)',
      computed: hash,
      recorded: rec.rosterHash,
      ok: hash === rec.rosterHash,
    });
    if (hash !== rec.rosterHash) {
      return fail(`名册哈希不符：按记录中的名册算得 ${hash}，记录为 ${rec.rosterHash}`);
    }
    const atFreezing = published ? publishedAtFreezing(published, rec.drawnAt) : null;
    if (published && !atFreezing) {
      return fail(`服务器公布的承诺值中没有一个早于抽取时间（${String(rec.drawnAt)}）`);
    }
    const when = atFreezing
      ? `${atFreezing.publishedAt} 冻结时公布的值（共公布 ${published!.length} 次，此为抽取前最后一次）`
      : '';
    if (atFreezing) {
      steps.push({
        label: '名册哈希与冻结时公布的一致',
        computed: hash,
        recorded: atFreezing.rosterHash,
        ok: hash === atFreezing.rosterHash,
      });
      if (hash !== atFreezing.rosterHash) {
        return fail(`名册哈希与冻结时公布的不符：记录为 ${hash}，${when}为 ${atFreezing.rosterHash}`);
      }
    }
    const commitment = await sha256Hex(rec.secret);
    steps.push({
      label: '承诺值 SHA-256(密钥)',
      computed: commitment,
      recorded: rec.commitment,
      ok: commitment === rec.commitment,
    });
    if (commitment !== rec.commitment) {
      return fail(`承诺值不符：密钥的 SHA-256 为 ${commitment}，记录中的承诺值为 ${rec.commitment}`);
    }
    if (atFreezing) {
      steps.push({
        label: '承诺值与冻结时公布的一致',
        computed: commitment,
        recorded: atFreezing.commitment,
        ok: commitment === atFreezing.commitment,
      });
      if (commitment !== atFreezing.commitment) {
        return fail(`承诺值与冻结时公布的不符：记录为 ${commitment}，${when}为 ${atFreezing.commitment}`);
      }
    }
    const seed = await sha256Hex(`${rec.secret}\n${rec.entropy}\n${hash}`);
    steps.push({
      label: '种子 SHA-256(密钥 ‖ 公开随机数 ‖ 名册哈希)',
      computed: seed,
      recorded: rec.seed,
      ok: seed === rec.seed,
    });
    if (seed !== rec.seed) {
      return fail(`种子不符：重算为 ${seed}，记录为 ${rec.seed}`);
    }
    const computed = await recomputeDraw(
      rec.roster,
      rec.ratio,
      seed,
      progress,
      rec.algorithm as DrawAlgorithm,
    );
    if (computed.length !== rec.agencies.length) {
      return fail(`机构数不符：名册有 ${computed.length} 家机构，结果列出 ${rec.agencies.length} 家`);
    }
    let drawnTotal = 0;
    for (let i = 0; i < computed.length; i++) {
      const want = computed[i];
      const got = rec.agencies[i] as Partial<RecordAgencyDraw> | undefined;
      const at = `第 ${i + 1} 家机构（${want.code}）`;
      if (!got || got.code !== want.code) {
        return fail(`${at}：代码记录为 ${JSON.stringify(got?.code)}`);
      }
      if (got.n !== want.n) {
        return fail(`${at}：人数 N 记录为 ${got.n}，应为 ${want.n}`);
      }
      if (got.k !== want.k) {
        return fail(`${at}：抽取人数 k 记录为 ${got.k}，应为 ${want.k}`);
      }
      if (sortedEntries(got.allocation) !== sortedEntries(want.allocation)) {
        return fail(
          `${at}：各专业名额记录为 ${JSON.stringify(got.allocation)}，应为 ${JSON.stringify(want.allocation)}`,
        );
      }
      const m =
        compareList(`${at}：抽中名单`, got.drawn, want.drawn) ??
        compareList(`${at}：递补名单`, got.substitutes, want.substitutes);
      if (m) {
        return fail(m);
      }
      if (
        rec.algorithm === DRAW_ALGORITHM_V2 &&
        sortedEntries(got.inclusion) !== sortedEntries(want.inclusion)
      ) {
        return fail(
          `${at}：各专业入选概率记录为 ${JSON.stringify(got.inclusion ?? null)}，应为 ${JSON.stringify(want.inclusion)}`,
        );
      }
      drawnTotal += want.drawn.length;
    }
    steps.push({
      label: '各机构抽中与递补名单',
      computed: `${computed.length} 家机构，抽中 ${drawnTotal} 人`,
      recorded: `${rec.agencies.length} 家机构`,
      ok: true,
    });
    const excusals = rec.excusals ?? [];
    const e = replayExcusals(rec, computed, excusals);
    if (e) {
      return fail(e);
    }
    if (excusals.length) {
      steps.push({
        label: '因故免考与递补',
        computed: `${excusals.length} 人次均符合递补规则`,
        recorded: `${excusals.length} 人次`,
        ok: true,
      });
    }
    return {
      ok: true,
      steps,
      agencies: computed.length,
      technicians: rec.roster.technicians.length,
      drawn: drawnTotal,
      excusals: excusals.length,
    };
  } catch (err) {
    if (err instanceof RecordError) {
      return fail(err.message);
    }
    throw err;
  }
}

function replayExcusals(
  rec: DrawRecordJson,
  computed: RecordAgencyDraw[],
  excusals: RecordExcusal[],
): string | null {
  if (!Array.isArray(excusals)) {
    return '免考记录（excusals）不是列表';
  }
  const disciplineOf = new Map(rec.roster.technicians.map((t) => [t.key, t.discipline]));
  const agencyOf = new Map(rec.roster.technicians.map((t) => [t.key, t.agencyCode]));
  const byCode = new Map(computed.map((a) => [a.code, a]));
  const inSample = new Set(computed.flatMap((a) => a.drawn));
  const unavailable = new Set<string>();
  for (let i = 0; i < excusals.length; i++) {
    const e = excusals[i];
    const at = `第 ${i + 1} 条免考记录（${e?.key}）`;
    if (!e || !inSample.has(e.key)) {
      return `${at}：免考时该人员不在抽中名单内`;
    }
    const agency = byCode.get(agencyOf.get(e.key)!)!;
    const expected = pickReplacement(
      agency.substitutes.map((key) => ({ key, discipline: disciplineOf.get(key)! })),
      unavailable,
      disciplineOf.get(e.key)!,
    );
    if ((e.replacement ?? null) !== expected) {
      return `${at}：递补人员记录为 ${JSON.stringify(e.replacement ?? null)}，按规则应为 ${JSON.stringify(expected)}`;
    }
    inSample.delete(e.key);
    unavailable.add(e.key);
    if (expected) {
      inSample.add(expected);
      unavailable.add(expected);
    }
  }
  return null;
}
