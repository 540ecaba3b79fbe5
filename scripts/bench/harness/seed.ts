import { performance } from 'node:perf_hooks';
import { DEFAULT_DISCIPLINES } from '../../../src/config/disciplines';
import { generateFictionalRoster } from '../../../src/roster/fictional-roster';
import { buildRosterWorkbook } from '../../../src/roster/roster-workbook';
import type { SeededCampaign, SeededCandidate, SeededSitting, SittingRole } from './context';
import type { ApiClient } from './http';

/*
 * Seeds a synthetic campaign through the app's real HTTP API, as an administrator would: roster import (the
 * Excel workbook the roster page takes), campaign, freeze, draw with fixed public entropy, the default
 * blueprint, sittings with candidates (which assembles their papers), access codes revealed, everyone admitted.
 * The roster comes from a fixed seed, so every run seeds the same people.
 */

export const BENCH_SEED = 20260301;

/** How the seeded candidates are split between sittings, as shares of --candidates. */
export const SITTING_PLAN: Array<{ role: SittingRole; share: number; name: string }> = [
  { role: 'storm', share: 0.2, name: '压测：开考冲击' },
  { role: 'answers', share: 0.4, name: '压测：持续作答' },
  { role: 'deadline', share: 0.2, name: '压测：统一收卷' },
  { role: 'spare', share: 0.2, name: '压测：在线保持' },
];

interface SampleRow {
  technicianId: number;
  agencyId: number;
  name: string;
  idNumber: string;
  discipline: string;
}

interface CandidateRow {
  id: number;
  technicianId: number;
  ticketNumber: string;
  paperId: number | null;
}

interface CapacityReport {
  discipline: string;
  ok: boolean;
  shortfalls: Array<{ message: string }>;
}

export interface SeedOptions {
  candidates: number;
  /** Epoch ms by which seeding must be over; each request's time limit is cut to fit. */
  deadline: number;
  log: (s: string) => void;
}

function left(deadline: number, atMost: number): number {
  return Math.max(1000, Math.min(atMost, deadline - Date.now()));
}

export async function seedCampaign(api: ApiClient, o: SeedOptions): Promise<SeededCampaign> {
  const timings: Record<string, number> = {};
  const problems: string[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  const call = <T>(method: string, path: string, body?: unknown, atMost = 120_000) =>
    api.call<T>(method, path, body, left(o.deadline, atMost));

  // A campaign first, so that the blueprint check can say which disciplines the approved bank can serve.
  const campaign = await step('create campaign', () =>
    call<{ id: number }>('POST', '/api/campaigns', {
      name: `压测批次 ${BENCH_SEED}`,
      year: 2026,
      ratio: '0.5',
    }),
  );
  const check = await step('blueprint check', () =>
    call<{ ok: boolean; reports: CapacityReport[] }>(
      'POST',
      `/api/campaigns/${campaign.id}/blueprints/default/check`,
      {},
    ),
  );
  const servable = new Set(check.reports.filter((r) => r.ok).map((r) => r.discipline));
  const disciplines = DEFAULT_DISCIPLINES.filter((d) => servable.has(d.code));
  if (disciplines.length === 0) {
    problems.push(
      `the approved bank serves no discipline with the default blueprint: ${check.reports
        .map((r) => `${r.discipline}: ${r.shortfalls.map((s) => s.message).join('；')}`)
        .join(' | ')
        .slice(0, 600)}`,
    );
  } else if (disciplines.length < DEFAULT_DISCIPLINES.length) {
    o.log(
      `seed: the approved bank serves ${disciplines.length} of ${DEFAULT_DISCIPLINES.length} disciplines; the roster uses those`,
    );
  }

  // Agencies of 20–80 technicians (50 on average); ratio 0.5 draws ceil(N/2) of each, so ≈ 25.5 per agency.
  const agencies = Math.max(4, Math.ceil((o.candidates * 1.1) / 25.5));
  const roster = generateFictionalRoster({ agencies, perAgency: [20, 80], seed: BENCH_SEED });
  if (disciplines.length > 0) {
    const names = new Set<string>(disciplines.map((d) => d.name));
    roster.technicians.forEach((t, i) => {
      if (!names.has(t.disciplineName)) {
        t.disciplineName = disciplines[i % disciplines.length].name;
      }
    });
  }
  const counties = await call<string[]>('GET', '/api/roster/counties');
  const workbook = await step('build roster workbook', () =>
    buildRosterWorkbook({ counties, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) }, roster),
  );
  o.log(
    `seed: importing ${roster.agencies.length} agencies, ${roster.technicians.length} technicians (${Math.round(workbook.length / 1024)} KB workbook)`,
  );
  await step('roster import', () =>
    call(
      'POST',
      '/api/roster/import',
      { file: workbook.toString('base64'), fileName: 'bench-roster.xlsx' },
      300_000,
    ),
  );
  await step('freeze', () => call('POST', `/api/campaigns/${campaign.id}/freeze`, {}, 300_000));
  await step('draw', () =>
    call('POST', `/api/campaigns/${campaign.id}/draw`, { entropy: `压测公开随机数 ${BENCH_SEED}` }, 300_000),
  );
  if (disciplines.length > 0) {
    await step('blueprint', () => call('PUT', `/api/campaigns/${campaign.id}/blueprints/default`, {}));
  }
  const sample = await call<SampleRow[]>('GET', `/api/campaigns/${campaign.id}/sample`);
  sample.sort((a, b) => a.technicianId - b.technicianId);
  const chosen = sample.slice(0, o.candidates);
  if (chosen.length < o.candidates) {
    problems.push(`the draw sampled ${sample.length} technicians, fewer than the ${o.candidates} asked for`);
  }
  const byTechnician = new Map(chosen.map((t) => [t.technicianId, t]));

  const sittings: SeededSitting[] = [];
  const now = Date.now();
  const windowStart = new Date(now - 5 * 60_000).toISOString();
  const windowEnd = new Date(now + 3 * 3600_000).toISOString();
  let offset = 0;
  for (const [i, plan] of SITTING_PLAN.entries()) {
    const size =
      i === SITTING_PLAN.length - 1 ? chosen.length - offset : Math.floor(chosen.length * plan.share);
    const group = chosen.slice(offset, offset + size);
    offset += size;
    if (group.length === 0) {
      continue;
    }
    const sitting = await call<{ id: number; durationSeconds: number }>('POST', '/api/sittings', {
      campaignId: campaign.id,
      name: plan.name,
      mode: 'online',
      location: '线上（压测）',
      windowStart,
      windowEnd,
      durationSeconds: 7200,
      lateEntrySeconds: 3 * 3600,
      capacity: Math.min(20_000, group.length),
    });
    o.log(
      `seed: sitting ${sitting.id} (${plan.role}): placing ${group.length} candidates and assembling their papers`,
    );
    await step(`assign ${plan.role}`, async () => {
      try {
        await call(
          'POST',
          `/api/sittings/${sitting.id}/candidates`,
          { technicianIds: group.map((t) => t.technicianId) },
          300_000,
        );
      } catch (err) {
        // Placing succeeds before papers are attached; a paper failure is reported and the seeding goes on.
        problems.push(`placing candidates in sitting ${sitting.id}: ${(err as Error).message.slice(0, 300)}`);
      }
    });
    const papers = await step(`papers ${plan.role}`, () =>
      call<{ prepared: number; missing: number }>(
        'POST',
        `/api/sittings/${sitting.id}/papers`,
        undefined,
        300_000,
      ).catch((err: unknown) => {
        problems.push(`preparing papers of sitting ${sitting.id}: ${(err as Error).message.slice(0, 300)}`);
        return { prepared: 0, missing: group.length };
      }),
    );
    const code = await call<{ accessCode: string }>('POST', `/api/sittings/${sitting.id}/access-code/reveal`);
    let admitted = true;
    await step(`admit ${plan.role}`, () =>
      call('POST', `/api/sittings/${sitting.id}/admit-all`, {
        reason: '压测：已核验身份',
        includeNotLoggedIn: true,
      }).catch((err: unknown) => {
        admitted = false;
        problems.push(`admitting sitting ${sitting.id}: ${(err as Error).message.slice(0, 300)}`);
      }),
    );
    const rows = await call<CandidateRow[]>('GET', `/api/sittings/${sitting.id}/candidates`);
    const candidates: SeededCandidate[] = rows.flatMap((r) => {
      const t = byTechnician.get(r.technicianId);
      return t
        ? [
            {
              sittingCandidateId: r.id,
              technicianId: r.technicianId,
              ticketNumber: r.ticketNumber,
              idNumber: t.idNumber,
              name: t.name,
              agencyId: t.agencyId,
              discipline: t.discipline,
              paperId: r.paperId,
            },
          ]
        : [];
    });
    const missing = candidates.filter((c) => c.paperId === null).length;
    sittings.push({
      id: sitting.id,
      role: plan.role,
      name: plan.name,
      accessCode: code.accessCode,
      durationSeconds: sitting.durationSeconds,
      windowStart,
      windowEnd,
      admitted,
      candidates,
      papersPrepared: candidates.length - missing,
      papersMissing: missing,
    });
    if (papers.missing > 0 || missing > 0) {
      problems.push(
        `sitting ${sitting.id} (${plan.role}): ${missing} of ${candidates.length} candidates have no paper`,
      );
    }
  }
  return {
    id: campaign.id,
    seed: BENCH_SEED,
    agencies: roster.agencies.length,
    technicians: roster.technicians.length,
    sampled: sample.length,
    disciplines: disciplines.map((d) => d.code),
    sittings,
    timingsMs: timings,
    problems,
  };
}
