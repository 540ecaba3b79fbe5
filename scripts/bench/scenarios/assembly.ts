import { performance } from 'node:perf_hooks';
import { AssembledPaper, ExposureTracker, indexPool, prepareAssembly } from '../../../src/papers/assemble';
import { defaultBlueprint } from '../../../src/papers/blueprint';
import { fairnessReport, PaperForFairness } from '../../../src/papers/fairness';
import { derivePaperSeed } from '../../../src/papers/paper-seed';
import { syntheticPool } from '../../../src/papers/synthetic-pool';

const PAPERS = 10_000;
const DISCIPLINES = ['hazardous-chemicals', 'non-coal-mining'];

/**
 * Paper assembly at campaign scale (issue 5: 10,000 papers from a bank of 1,000 items in under 5 s): a
 * synthetic approved pool of 1,000 items (500 common, 250 for each of two disciplines), the default
 * blueprint plus 《安全生产法》 ≥ 25 points, candidates in agencies of five; exposure and same-agency overlap
 * tracked across the whole run as in PapersService.ensurePapers. Times the pure assembly (no database).
 */
export function benchAssembly(): Promise<
  Array<{ name: string; value: number; unit: string; target?: string }>
> {
  const pool = syntheticPool({
    common: { judge: 120, single: 280, multiple: 100 },
    perDiscipline: { judge: 50, single: 140, multiple: 60 },
    disciplines: DISCIPLINES,
  });
  const spec = { ...defaultBlueprint(), sourceMinimums: [{ sourceKey: '安全生产法', minPoints: 25 }] };
  const campaignSeed = 'c0ffee'.repeat(10) + 'c0ff';

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const index = indexPool(pool);
  const preps = DISCIPLINES.map((d) => prepareAssembly(spec, index, d));
  const tracker = new ExposureTracker(index);
  const papers: Array<{ agencyId: number; paper: AssembledPaper }> = [];
  for (let t = 1; t <= PAPERS; t++) {
    const agencyId = Math.ceil(t / 5);
    const d = t % DISCIPLINES.length;
    papers.push({
      agencyId,
      paper: tracker.assembleNext(preps[d], derivePaperSeed(campaignSeed, t), agencyId),
    });
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);

  const forReport: PaperForFairness[] = papers.map(({ agencyId, paper }, i) => ({
    paperId: i + 1,
    agencyId,
    discipline: paper.discipline,
    difficulty: paper.difficulty,
    targetDifficulty: paper.targetDifficulty,
    difficultyTolerance: spec.difficultyTolerance,
    questions: paper.questions,
  }));
  const report = fairnessReport(1, forReport, pool);
  const worst = report.disciplines.reduce((a, r) => Math.max(a, r.maxExposure / r.fairShare), 0);
  const overlap = Math.max(...report.disciplines.map((r) => r.meanAgencyOverlap ?? 0));
  const spread = Math.max(...report.disciplines.map((r) => r.difficulty.max - r.difficulty.min));
  return Promise.resolve([
    {
      name: `assembly: ${PAPERS} papers from ${pool.length} items`,
      value: Math.round(elapsed),
      unit: 'ms',
      target: '< 5000 ms',
    },
    { name: 'assembly: per paper', value: Math.round((elapsed * 1000) / PAPERS), unit: 'µs' },
    {
      name: 'assembly: CPU time (user + system; the wall time above also counts waiting for a busy CPU)',
      value: Math.round((cpu.user + cpu.system) / 1000),
      unit: 'ms',
    },
    {
      name: 'assembly: max item exposure / fair share',
      value: Math.round(worst * 100) / 100,
      unit: 'ratio',
      target: '≤ 1.1',
    },
    {
      name: 'assembly: mean items shared by two colleagues (same discipline)',
      value: overlap,
      unit: 'items',
    },
    {
      name: 'assembly: paper difficulty spread (max − min)',
      value: Math.round(spread * 1000) / 1000,
      unit: 'points',
    },
  ]);
}

if (require.main === module) {
  benchAssembly()
    .then((rows) => {
      for (const r of rows) {
        console.log(`${r.name}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target})` : ''}`);
      }
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
