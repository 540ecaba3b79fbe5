import { performance } from 'node:perf_hooks';
import type { BenchDatabase } from '../harness/database';
import type { BenchContext } from '../harness/context';
import type { Figure } from '../harness/figures';
import type { ApiClient } from '../harness/http';
import type { HttpLoadInput, HttpLoadResult } from '../harness/http-load';
import { idCheckChar } from '../../../src/roster/id-number';
import { prng } from '../../../src/roster/fictional-roster';
import { maskIdNumber, maskName } from '../../../src/roster/mask';
import { ticketNumber } from '../../../src/sessions/ticket';

/*
 * Scoring at campaign scale (issue 9): grading 10,000 submitted attempts (< 5 s) and public personal lookups
 * (≥ 2,000 req/s, p99 < 50 ms, autocannon from its own process).
 *
 * The data is written straight into the bench database in bulk, shaped as the owning modules write it: a drawn
 * campaign (agencies, technicians, draw entries), sittings with their candidates, one frozen paper of 85
 * questions per candidate (20 判断 + 50 单选 + 15 多选 from a 1,000-item bank, shuffled options), a submitted
 * attempt each and its answers. Grading is then timed end to end through the administrator's "grade all"
 * (POST /api/scoring/campaigns/:id/grade); the lookups run against the published results of that campaign.
 */

export const ATTEMPTS = 10_000;
const QUESTIONS = { judge: 20, single: 50, multiple: 15 } as const;
const COMMON = { judge: 12, single: 30, multiple: 9 } as const;
const PER_AGENCY = 5;
const SITTING_SIZE = 1_000;

export interface LookupIdentity {
  name: string;
  idNumber: string;
  ticketNumber: string;
}

export interface SeededScoring {
  campaignId: number;
  attempts: number;
  questionsPerPaper: number;
  identities: LookupIdentity[];
  seedMs: number;
  rows: number;
}

/** A minimal bulk writer over the bench database (mysql2 or better-sqlite3, from this process). */
interface Sink {
  maxId(table: string): Promise<number>;
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
}

async function openSink(db: BenchDatabase): Promise<Sink> {
  if (db.kind === 'mysql') {
    const mysql = await import('mysql2/promise');
    const pool = mysql.createPool({ uri: db.url, connectionLimit: 4, multipleStatements: false });
    return {
      async maxId(table) {
        const [rows] = await pool.query(`SELECT COALESCE(MAX(id), 0) AS m FROM \`${table}\``);
        return Number((rows as Array<{ m: number }>)[0].m);
      },
      async insert(table, columns, rows) {
        const per = Math.max(1, Math.floor(20_000 / columns.length));
        const batches: unknown[][][] = [];
        for (let i = 0; i < rows.length; i += per) {
          batches.push(rows.slice(i, i + per));
        }
        const sql = (n: number) =>
          `INSERT INTO \`${table}\` (${columns.join(', ')}) VALUES ${Array.from({ length: n }, () => `(${columns.map(() => '?').join(',')})`).join(',')}`;
        // Four connections in parallel, one batch each at a time.
        let next = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (next < batches.length) {
              const b = batches[next++];
              await pool.query(sql(b.length), b.flat());
            }
          }),
        );
      },
      close: () => pool.end(),
    };
  }
  const specifier: string = 'better-sqlite3';
  const Database = ((await import(specifier)) as { default: new (p: string) => SqliteDb }).default;
  const sdb = new Database(db.path);
  sdb.pragma('busy_timeout = 10000');
  return {
    maxId(table) {
      return Promise.resolve(
        Number((sdb.prepare(`SELECT COALESCE(MAX(id), 0) AS m FROM "${table}"`).get() as { m: number }).m),
      );
    },
    insert(table, columns, rows) {
      const stmt = sdb.prepare(
        `INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(',')})`,
      );
      sdb.transaction((all: unknown[][]) => {
        for (const r of all) {
          stmt.run(r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
        }
      })(rows);
      return Promise.resolve();
    },
    close() {
      sdb.close();
      return Promise.resolve();
    },
  };
}

interface SqliteDb {
  pragma(s: string): unknown;
  prepare(sql: string): { get(...a: unknown[]): unknown; run(a: unknown[]): unknown };
  transaction<T>(fn: (x: T) => void): (x: T) => void;
  close(): void;
}

const ts = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '欧阳', '司马'];
const GIVEN = '伟芳娜敏静磊洋艳勇军杰涛明超秀兰霞平刚桂英华建国红玉';

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/**
 * Writes a drawn campaign with `attempts` sampled technicians, each with a submitted attempt on a frozen
 * paper of `questions` questions (85 by default) and its answers. Returns who can be looked up.
 */
export async function seedScoringCampaign(
  db: BenchDatabase,
  opts: { attempts?: number; fullPapers?: boolean; seed?: number } = {},
): Promise<SeededScoring> {
  const n = opts.attempts ?? ATTEMPTS;
  const full = opts.fullPapers ?? true;
  const plan = full ? QUESTIONS : { judge: 2, single: 2, multiple: 1 };
  const common = full ? COMMON : { judge: 1, single: 1, multiple: 1 };
  const perPaper = plan.judge + plan.single + plan.multiple;
  const rnd = prng(opts.seed ?? 2026);
  const started = performance.now();
  const sink = await openSink(db);
  let rows = 0;
  const put = async (table: string, columns: string[], data: unknown[][]) => {
    rows += data.length;
    await sink.insert(table, columns, data);
  };
  try {
    const now = new Date();
    const past = (h: number) => ts(new Date(now.getTime() - h * 3600_000));
    const campaignId = (await sink.maxId('campaigns')) + 1;
    await put(
      'campaigns',
      ['id', 'name', 'year', 'status', 'settings', 'seed', 'frozen_at', 'drawn_at', 'created_at'],
      [
        [
          campaignId,
          `基准测试批次 ${campaignId}（评分与查询）`,
          2026,
          'drawn',
          JSON.stringify({
            ratio: '0.5',
            fullTimeOnly: false,
            disciplines: [{ code: 'hazardous-chemicals', name: '危险化学品' }],
            algorithm: 'bench',
          }),
          'b'.repeat(64),
          past(48),
          past(47),
          past(49),
        ],
      ],
    );
    const agencies = Math.ceil(n / PER_AGENCY);
    const agencyBase = (await sink.maxId('campaign_agencies')) + 1;
    const codeOf = (a: number) =>
      `91371302MB${String(campaignId % 100).padStart(2, '0')}${String(a).padStart(5, '0')}X`;
    await put(
      'campaign_agencies',
      ['id', 'campaign_id', 'agency_id', 'code', 'name', 'county', 'n', 'k'],
      Array.from({ length: agencies }, (_, a) => [
        agencyBase + a,
        campaignId,
        900_000 + a,
        codeOf(a),
        `临沂基准第${a + 1}安全技术服务有限公司`,
        '兰山区',
        PER_AGENCY * 2,
        PER_AGENCY,
      ]),
    );
    const techBase = (await sink.maxId('campaign_technicians')) + 1;
    const identities: LookupIdentity[] = [];
    const techRows: unknown[][] = [];
    const drawRows: unknown[][] = [];
    const drawBase = (await sink.maxId('campaign_draw_entries')) + 1;
    const sittingBase = (await sink.maxId('sittings')) + 1;
    const sittings = Math.ceil(n / SITTING_SIZE);
    const candBase = (await sink.maxId('sitting_candidates')) + 1;
    const candRows: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const a = Math.floor(i / PER_AGENCY);
      const technicianId = 5_000_000 + campaignId * 100_000 + i;
      const first17 = `371302${1960 + (i % 40)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
      const idNumber = first17 + idCheckChar(first17);
      const name =
        SURNAMES[Math.floor(rnd() * SURNAMES.length)] +
        GIVEN[Math.floor(rnd() * GIVEN.length)] +
        (rnd() < 0.6 ? GIVEN[Math.floor(rnd() * GIVEN.length)] : '');
      const sittingId = sittingBase + Math.floor(i / SITTING_SIZE);
      const seat = (i % SITTING_SIZE) + 1;
      const ticket = ticketNumber(campaignId, sittingId, seat);
      identities.push({ name, idNumber, ticketNumber: ticket });
      techRows.push([
        techBase + i,
        campaignId,
        technicianId,
        900_000 + a,
        codeOf(a),
        `${codeOf(a)}-${String((i % PER_AGENCY) + 1).padStart(4, '0')}`,
        name,
        idNumber,
        maskName(name),
        maskIdNumber(idNumber),
        'hazardous-chemicals',
      ]);
      drawRows.push([
        drawBase + i,
        campaignId,
        techBase + i,
        codeOf(a),
        i.toString(16).padStart(64, '0'),
        'drawn',
        (i % PER_AGENCY) + 1,
        'in',
      ]);
      candRows.push([
        candBase + i,
        sittingId,
        campaignId,
        technicianId,
        900_000 + a,
        `临沂基准第${a + 1}安全技术服务有限公司`,
        name,
        idNumber,
        'hazardous-chemicals',
        ticket,
        seat,
        null,
        past(3),
        1,
        1,
        past(3),
        past(24),
      ]);
    }
    await put(
      'campaign_technicians',
      [
        'id',
        'campaign_id',
        'technician_id',
        'agency_id',
        'agency_code',
        'tech_key',
        'name',
        'id_number',
        'masked_name',
        'masked_id_number',
        'discipline',
      ],
      techRows,
    );
    await put(
      'campaign_draw_entries',
      ['id', 'campaign_id', 'entry_id', 'agency_code', 'rank_hex', 'outcome', 'position', 'state'],
      drawRows,
    );
    await put(
      'sittings',
      [
        'id',
        'campaign_id',
        'name',
        'mode',
        'location',
        'window_start',
        'window_end',
        'duration_seconds',
        'late_entry_seconds',
        'capacity',
        'access_code',
        'proctoring',
        'created_at',
      ],
      Array.from({ length: sittings }, (_, s) => [
        sittingBase + s,
        campaignId,
        `基准场次 ${s + 1}`,
        'room',
        `考场 ${s + 1}`,
        past(4),
        past(1),
        7200,
        900,
        SITTING_SIZE,
        '000000',
        JSON.stringify({ thresholds: {} }),
        past(30),
      ]),
    );

    // Papers and their questions, ids chosen here so that answers can refer to them.
    const paperBase = (await sink.maxId('papers')) + 1;
    const questionBase = (await sink.maxId('paper_questions')) + 1;
    const paperRows: unknown[][] = [];
    const questionRows: unknown[][] = [];
    const attemptRows: unknown[][] = [];
    const answerRows: unknown[][] = [];
    const attemptBase = (await sink.maxId('attempts')) + 1;
    const ITEMS = { judge: [1, 200], single: [201, 800], multiple: [801, 1000] } as const;
    for (let i = 0; i < n; i++) {
      const paperId = paperBase + i;
      const attemptId = attemptBase + i;
      paperRows.push([
        paperId,
        campaignId,
        5_000_000 + campaignId * 100_000 + i,
        900_000 + Math.floor(i / PER_AGENCY),
        'hazardous-chemicals',
        'a'.repeat(64),
        'c'.repeat(64),
        full ? 100 : 7,
        120,
        'partial',
        full ? 60 : 4,
        2600,
        2600,
        200,
        past(30),
      ]);
      candRows[i][11] = paperId;
      attemptRows.push([
        attemptId,
        candBase + i,
        sittingBase + Math.floor(i / SITTING_SIZE),
        paperId,
        'submitted',
        past(3),
        past(1),
        0,
        past(1.2),
        'candidate',
      ]);
      const ability = 0.35 + rnd() * 0.6;
      let position = 0;
      for (const type of ['judge', 'single', 'multiple'] as const) {
        const [lo, hi] = ITEMS[type];
        const span = hi - lo + 1;
        const start = Math.floor(rnd() * span);
        const step = 1 + 2 * Math.floor(rnd() * 7); // odd steps visit distinct items of the range
        for (let k = 0; k < plan[type]; k++) {
          position++;
          const itemId = lo + ((start + k * step) % span);
          const labels =
            type === 'judge' ? [] : type === 'single' ? ['A', 'B', 'C', 'D'] : ['A', 'B', 'C', 'D', 'E'];
          const order = shuffle([...labels], rnd).join('');
          let key: string;
          let right: unknown;
          let wrong: unknown;
          if (type === 'judge') {
            const v = itemId % 2 === 0;
            key = v ? 'true' : 'false';
            right = v;
            wrong = !v;
          } else if (type === 'single') {
            key = 'ABCD'[itemId % 4];
            right = key;
            wrong = 'ABCD'[(itemId + 1) % 4];
          } else {
            const keys = ['A', 'B', 'C', 'D', 'E']
              .filter((_, j) => (itemId >> j) & 1 || j === itemId % 5)
              .slice(0, 4);
            const ks = keys.length >= 2 ? keys : ['A', 'C'];
            key = ks.join('');
            right = rnd() < 0.3 ? ks.slice(0, ks.length - 1) : ks;
            wrong = [['A', 'B', 'C', 'D', 'E'].find((l) => !ks.includes(l))!, ks[0]].sort();
          }
          const questionId = questionBase + i * perPaper + position - 1;
          const part = k < common[type] ? 'common' : 'discipline';
          questionRows.push([
            questionId,
            paperId,
            position,
            type,
            itemId,
            itemId,
            order,
            key,
            type === 'multiple' ? 2 : 1,
            part,
            part === 'common' ? '安全生产法' : 'GB 30871',
            '第二十一条',
            3,
          ]);
          const r = rnd();
          if (r < 0.06) {
            continue; // left blank
          }
          answerRows.push([
            attemptId,
            questionId,
            JSON.stringify(r < 0.06 + ability * 0.94 ? right : wrong),
            1,
            past(1.5),
          ]);
        }
      }
    }
    await put(
      'sitting_candidates',
      [
        'id',
        'sitting_id',
        'campaign_id',
        'technician_id',
        'agency_id',
        'agency_name',
        'name',
        'id_number',
        'discipline',
        'ticket_number',
        'seat',
        'paper_id',
        'admitted_at',
        'admitted_by',
        'login_epoch',
        'last_login_at',
        'created_at',
      ],
      candRows,
    );
    await put(
      'papers',
      [
        'id',
        'campaign_id',
        'technician_id',
        'agency_id',
        'discipline',
        'seed',
        'pool_hash',
        'total_points',
        'duration_minutes',
        'multiple_rule',
        'pass_mark',
        'difficulty_x1000',
        'target_difficulty_x1000',
        'difficulty_tolerance_x1000',
        'assembled_at',
      ],
      paperRows,
    );
    await put(
      'paper_questions',
      [
        'id',
        'paper_id',
        'position',
        'section_type',
        'item_id',
        'version_id',
        'option_order',
        'answer_key',
        'points',
        'part',
        'source_key',
        'article',
        'difficulty',
      ],
      questionRows,
    );
    await put(
      'attempts',
      [
        'id',
        'sitting_candidate_id',
        'sitting_id',
        'paper_id',
        'status',
        'started_at',
        'deadline',
        'extension_seconds',
        'submitted_at',
        'submit_reason',
      ],
      attemptRows,
    );
    await put('answers', ['attempt_id', 'question_id', 'response', 'revision', 'saved_at'], answerRows);
    return {
      campaignId,
      attempts: n,
      questionsPerPaper: perPaper,
      identities,
      seedMs: performance.now() - started,
      rows,
    };
  } finally {
    await sink.close();
  }
}

/** Times the administrator's "grade all" of a campaign (the whole HTTP call) and checks that every attempt was graded. */
export async function timeGrading(
  admin: ApiClient,
  campaignId: number,
  expected: number,
): Promise<{ ms: number; graded: number }> {
  const t0 = performance.now();
  const r = await admin.call<{ graded: number; considered: number }>(
    'POST',
    `/api/scoring/campaigns/${campaignId}/grade`,
    {},
    120_000,
  );
  const ms = performance.now() - t0;
  if (r.graded !== expected) {
    throw new Error(`grading: expected ${expected} attempts graded, got ${JSON.stringify(r)}`);
  }
  return { ms, graded: r.graded };
}

/**
 * Public lookups with autocannon from its own process: `connections` connections cycling through `identities`
 * (name + ID number; every tenth by admission ticket), POST /api/public/results/:campaignId/lookup.
 */
export async function lookupLoad(
  baseUrl: string,
  campaignId: number,
  identities: readonly LookupIdentity[],
  httpLoad: (input: HttpLoadInput) => Promise<HttpLoadResult>,
  opts: { connections?: number; seconds?: number } = {},
): Promise<HttpLoadResult> {
  const pick = identities.slice(0, 5_000);
  return httpLoad({
    url: `${baseUrl}/api/public/results/${campaignId}/lookup`,
    connections: opts.connections ?? 50,
    duration: opts.seconds ?? 10,
    requests: pick.map((p, i) => ({
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        i % 10 === 9
          ? { name: p.name, ticketNumber: p.ticketNumber }
          : { name: p.name, idNumber: p.idNumber },
      ),
    })),
  });
}

let seeded: (SeededScoring & { graded: boolean; published: boolean; db: BenchDatabase }) | null = null;

function unavailable(name: string, why: string): Figure[] {
  return [{ name, value: null, unit: '', note: why }];
}

/** Grading of 10,000 submitted attempts through "grade all". */
export async function benchGrading(ctx: BenchContext): Promise<Figure[]> {
  if (!ctx.app || !ctx.admin || !ctx.database) {
    return unavailable('grading: 10,000 attempts', 'the app did not start');
  }
  ctx.log(`grading: seeding ${ATTEMPTS} attempts of 85 questions into the ${ctx.database.kind} database`);
  const s = await seedScoringCampaign(ctx.database, { attempts: ATTEMPTS });
  ctx.log(`grading: seeded ${s.rows} rows in ${Math.round(s.seedMs)} ms; grading`);
  const g = await timeGrading(ctx.admin, s.campaignId, s.attempts);
  seeded = { ...s, graded: true, published: false, db: ctx.database };
  return [
    {
      name: `grading: ${s.attempts.toLocaleString('en')} attempts × ${s.questionsPerPaper} questions ("grade all", end to end)`,
      value: Math.round(g.ms),
      unit: 'ms',
      target: '< 5000 ms',
      note: `${ctx.database.kind}; ${Math.round(s.attempts / (g.ms / 1000))} attempts/s; reads ${(s.attempts * s.questionsPerPaper * 2).toLocaleString('en')} question and answer rows, writes ${s.attempts.toLocaleString('en')} grades and their history`,
    },
    { name: 'grading: per attempt', value: Math.round((g.ms * 1000) / s.attempts), unit: 'µs' },
    {
      name: 'grading: seeding the attempts (not part of the target)',
      value: Math.round(s.seedMs),
      unit: 'ms',
      note: `${s.rows.toLocaleString('en')} rows`,
    },
  ];
}

/** Publication of the graded campaign, then public personal lookups under load. */
export async function benchLookup(ctx: BenchContext): Promise<Figure[]> {
  if (!ctx.app || !ctx.admin || !ctx.database) {
    return unavailable('lookup: public personal lookups', 'the app did not start');
  }
  const figures: Figure[] = [];
  if (!seeded || seeded.db !== ctx.database) {
    ctx.log('lookup: seeding a small-paper campaign of 10,000 candidates (grading did not run)');
    const s = await seedScoringCampaign(ctx.database, { attempts: ATTEMPTS, fullPapers: false, seed: 7 });
    await timeGrading(ctx.admin, s.campaignId, s.attempts);
    seeded = { ...s, graded: true, published: false, db: ctx.database };
  }
  const s = seeded;
  if (!s.published) {
    const t0 = performance.now();
    await ctx.admin.call('POST', `/api/publication/campaigns/${s.campaignId}/publish`, {}, 120_000);
    s.published = true;
    figures.push({
      name: `lookup: publishing ${s.attempts.toLocaleString('en')} candidates (components, masked rows, lookup hashes)`,
      value: Math.round(performance.now() - t0),
      unit: 'ms',
    });
  }
  // A warm-up, then the measured run with the bare server's settings (50 connections).
  await lookupLoad(ctx.app.url, s.campaignId, s.identities, ctx.httpLoad, { seconds: 2 });
  const r = await lookupLoad(ctx.app.url, s.campaignId, s.identities, ctx.httpLoad, {
    connections: 50,
    seconds: 10,
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  figures.push(
    {
      name: 'lookup: public personal lookups answered (autocannon, 50 connections, 10 s)',
      value: r.requestsPerSec,
      unit: 'req/s',
      target: '≥ 2000 req/s',
      baseline: 'http-rps',
      note: `${r.ok} found, ${bad} not 2xx/errors (${JSON.stringify(r.statusCodes)}); each answer held to LOOKUP_MIN_RESPONSE_MS`,
    },
    { name: 'lookup: p99 latency', value: r.latencyMs.p99, unit: 'ms', target: '< 50 ms' },
    { name: 'lookup: p50 latency', value: r.latencyMs.p50, unit: 'ms' },
  );
  return figures;
}

/** Both scoring scenarios at once (for harnesses that call a module's group function). */
export async function benchScoring(ctx: BenchContext): Promise<Figure[]> {
  return [...(await benchGrading(ctx)), ...(await benchLookup(ctx))];
}
