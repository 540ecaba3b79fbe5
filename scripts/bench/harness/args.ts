/** The scenarios, in the order they run; `--only` takes these names (or the groups below). */
export const SCENARIOS = [
  'draw',
  'assembly',
  'connect',
  'start-storm',
  'answers',
  'import-load',
  'deadline',
  'grading',
  'lookup',
  'restart',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Group names accepted by --only, and a few spellings people type. */
const ALIASES: Record<string, ScenarioName[]> = {
  sessions: ['connect', 'start-storm', 'answers', 'import-load', 'deadline'],
  scoring: ['grading', 'lookup'],
  pure: ['draw', 'assembly'],
  start: ['start-storm'],
  storm: ['start-storm'],
  startstorm: ['start-storm'],
  'start-storm': ['start-storm'],
  lookups: ['lookup'],
  answer: ['answers'],
  import: ['import-load'],
  importload: ['import-load'],
  restarts: ['restart'],
};

export interface BenchArgs {
  only: ScenarioName[];
  /** Candidates seeded (and held connected by the connect scenario). */
  candidates: number;
  help: boolean;
}

export class ArgsError extends Error {}

export const USAGE = `npm run bench [-- --only NAME[,NAME…]] [--candidates N]
  NAME: ${SCENARIOS.join(', ')} (groups: sessions, scoring, pure)
  --candidates N   candidates seeded and held connected (default 5000; 100–20000)
  BENCH_DATABASE_URL=mysql://user@127.0.0.1:3306  run on MariaDB/MySQL (database choukao_bench, dropped after)`;

/** Parses `--only a,b`, `--only=a`, `--candidates N`, `--candidates=N`, `--help`. */
export function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { only: [...SCENARIOS], candidates: 5000, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) {
        throw new ArgsError(`${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '--only': {
        const names = value()
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean);
        const chosen = new Set<ScenarioName>();
        for (const name of names) {
          const hit =
            ALIASES[name] ??
            ((SCENARIOS as readonly string[]).includes(name) ? [name as ScenarioName] : null);
          if (!hit) {
            throw new ArgsError(
              `unknown scenario "${name}" (known: ${SCENARIOS.join(', ')}; groups: sessions, scoring, pure)`,
            );
          }
          hit.forEach((h) => chosen.add(h));
        }
        out.only = SCENARIOS.filter((s) => chosen.has(s));
        break;
      }
      case '--candidates': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 100 || n > 20_000) {
          throw new ArgsError('--candidates must be an integer from 100 to 20000');
        }
        out.candidates = n;
        break;
      }
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new ArgsError(`unknown argument "${argv[i]}"`);
    }
  }
  return out;
}
