import { performance } from 'node:perf_hooks';
import { DEFAULT_DISCIPLINES } from '../../../src/config/disciplines';
import { prng } from '../../../src/roster/fictional-roster';
import { commitmentOf, draw, drawSeed, rosterHash } from '../../../src/sampling/draw';
import { buildSnapshot, SnapshotTechnicianInput } from '../../../src/sampling/snapshot';

const AGENCIES = 2_000;
const TECHNICIANS = 100_000;

/**
 * The verifiable draw at city scale (issue 4: 100,000 technicians in 2,000 agencies in under 2 s): builds the
 * frozen snapshot (keys, masked names and ID numbers), hashes the canonical roster, derives the seed and draws
 * every agency with its discipline allocation and substitute list. Pure functions only (no database).
 */
export function benchDraw(): Promise<Array<{ name: string; value: number; unit: string; target?: string }>> {
  const rnd = prng(4);
  const agencies = Array.from({ length: AGENCIES }, (_, i) => ({
    agencyId: i + 1,
    code: `91371302MA${String(i).padStart(7, '0')}X`,
    name: `临沂第${i + 1}安全技术服务有限公司`,
    county: '兰山区',
  }));
  const technicians: SnapshotTechnicianInput[] = [];
  for (let i = 0; i < TECHNICIANS; i++) {
    // Agencies of uneven size (50 technicians on average), each in three disciplines.
    const a = agencies[Math.floor(rnd() * AGENCIES)];
    const d = DEFAULT_DISCIPLINES[(a.agencyId + Math.floor(rnd() * 3)) % DEFAULT_DISCIPLINES.length];
    technicians.push({
      technicianId: i + 1,
      agencyId: a.agencyId,
      agencyCode: a.code,
      name: `张小${String.fromCharCode(0x4e00 + (i % 5000))}`,
      idNumber: `371302${1960 + (i % 40)}0101${String(i % 1000).padStart(3, '0')}${i % 10}`,
      discipline: d.code,
    });
  }
  const secret = 'ab'.repeat(32);

  const t0 = performance.now();
  const snapshot = buildSnapshot(agencies, technicians);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const hash = rosterHash(snapshot.roster);
  commitmentOf(secret);
  const seed = drawSeed(secret, '见证人摇号 07 15 23 31 42', hash);
  const t2 = performance.now();
  const results = draw(snapshot.roster, '0.5', seed);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu1);

  const drawn = results.reduce((s, a) => s + a.drawn.length, 0);
  if (snapshot.roster.technicians.length !== TECHNICIANS || drawn < TECHNICIANS / 2) {
    throw new Error(`bench draw: unexpected sizes (${snapshot.roster.technicians.length}, ${drawn})`);
  }
  return Promise.resolve([
    { name: 'draw: snapshot of 100k technicians (keys, masks)', value: round(t1 - t0), unit: 'ms' },
    { name: 'draw: roster hash + seed (100k rows)', value: round(t2 - t1), unit: 'ms' },
    { name: 'draw: ranks + allocation (100k in 2,000 agencies)', value: round(t3 - t2), unit: 'ms' },
    {
      // CPU time of the same section: steadier than wall time on a shared machine.
      name: 'draw: hash + draw CPU time (user + system)',
      value: round((cpu.user + cpu.system) / 1000),
      unit: 'ms',
    },
    {
      name: 'draw: hash + draw, 100k technicians in 2,000 agencies',
      value: round(t3 - t1),
      unit: 'ms',
      target: '< 2000',
    },
  ]);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
