import type { BareSocketServer, Baselines, DbTarget } from '../baselines';
import type { BenchApp, RestartTiming } from './app';
import type { BenchDatabase } from './database';
import type { Figure } from './figures';
import type { ApiClient } from './http';
import type { HttpLoadInput, HttpLoadResult } from './http-load';
import type { MachineInfo } from './machine';
import type { SocketLoadInput, SocketLoadSummary } from './socket-load';

/*
 * What a scenario receives. A scenario module (scripts/bench/scenarios/<name>.ts) exports an async function
 * `(ctx: BenchContext) => Promise<Figure[]>` (draw and assembly take no argument and ignore it). It must keep
 * within `ctx.budgetMs`, send traffic only to 127.0.0.1, and generate load from separate processes
 * (`ctx.socketLoad`, `ctx.httpLoad`, or its own `child_process.fork`), never from the harness's own process.
 */

/** Why a group of candidates was seeded; each role is its own sitting. */
export type SittingRole = 'storm' | 'answers' | 'deadline' | 'spare';

export interface SeededCandidate {
  /** sitting_candidates.id: what proctor actions and the live view use. */
  sittingCandidateId: number;
  technicianId: number;
  /** 准考证号: with idNumber and the sitting's access code, the candidate's login. */
  ticketNumber: string;
  /** The full ID number (the harness generated the roster, so it knows it). */
  idNumber: string;
  name: string;
  agencyId: number;
  discipline: string;
  paperId: number | null;
}

export interface SeededSitting {
  id: number;
  role: SittingRole;
  name: string;
  /** Revealed by the harness, as a proctor does at the start. */
  accessCode: string;
  durationSeconds: number;
  windowStart: string;
  windowEnd: string;
  /** Every candidate was admitted by the harness (admit-all, including those not signed in yet). */
  admitted: boolean;
  candidates: SeededCandidate[];
  papersPrepared: number;
  papersMissing: number;
}

export interface SeededCampaign {
  id: number;
  /** The fixed seed of the synthetic roster. */
  seed: number;
  agencies: number;
  technicians: number;
  /** Technicians in the draw's sample. */
  sampled: number;
  disciplines: string[];
  sittings: SeededSitting[];
  /** How long each seeding step took through the API (ms). */
  timingsMs: Record<string, number>;
  /** What went wrong while seeding (the run goes on; scenarios that need the missing part say so). */
  problems: string[];
}

export interface BenchContext {
  /** The app process; null when it could not start (scenarios that need it report "not available"). */
  app: BenchApp | null;
  /** An administrator's API client (bearer token set); null without the app. */
  admin: ApiClient | null;
  campaign: SeededCampaign | null;
  database: BenchDatabase | null;
  /** --candidates N */
  candidates: number;
  machine: MachineInfo;
  /** Milliseconds this scenario may take, load and settling included. */
  budgetMs: number;
  /** A scratch directory removed at the end. */
  tmpDir: string;
  log: (line: string) => void;

  /** The bare socket.io server (its own process, started on first use; namespace /exam, acks everything). */
  bareSocket: () => Promise<BareSocketServer>;
  /** The bare limits the harness measured (or measures now, on first use) for this run. */
  baselines: () => Promise<Baselines>;
  /** Raw durable upserts at a given concurrency against the bench database (its own process). */
  dbUpserts: (concurrency: number, seconds: number) => Promise<Figure[]>;
  /** The database the raw upserts run against (the bench database). */
  dbTarget: DbTarget | null;

  /** socket.io-client load from separate processes (see harness/socket-load.ts). */
  socketLoad: (
    input: SocketLoadInput,
    opts: { workers?: number; timeoutMs: number },
  ) => Promise<SocketLoadSummary>;
  /** autocannon from a separate process (see harness/http-load.ts). */
  httpLoad: (input: HttpLoadInput) => Promise<HttpLoadResult>;
  /**
   * Kills the app (SIGKILL) and starts it again on the same database, port and settings; resolves with how
   * long it took to serve again. `ctx.app` is stale afterwards (the harness keeps the new process).
   */
  restartApp: (() => Promise<RestartTiming>) | null;
}

/** A scenario function as the harness calls it. */
export type ScenarioFn = (ctx: BenchContext) => Promise<Figure[] | unknown>;
