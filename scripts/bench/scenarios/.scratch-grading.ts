import { performance } from 'node:perf_hooks';
import { createApp } from '../../../src/app.factory';
import { validateEnv } from '../../../src/config/env';
import { prepareDatabase } from '../../../src/database/prepare-database';
import { GradingService } from '../../../src/scoring/grading.service';
import { seedScoringCampaign } from './scoring';

async function main() {
  const kind = process.argv[2] ?? 'sqlite';
  const path = `/tmp/scratch/grading-${Date.now()}.sqlite`;
  let url: string | undefined;
  if (kind === 'mysql') {
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection({ uri: 'mysql://root@127.0.0.1:3306' });
    await c.query('DROP DATABASE IF EXISTS scratch_grading');
    await c.query('CREATE DATABASE scratch_grading CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await c.end();
    url = 'mysql://root@127.0.0.1:3306/scratch_grading';
  }
  const env = validateEnv({ NODE_ENV: 'test', DATABASE_URL: url, SQLITE_PATH: path, JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'admin-password-1', LOG_LEVEL: 'warn', QBANK_IMPORT_ON_START: 'false' });
  const ds = await prepareDatabase({ url, sqlitePath: path, poolSize: 10 }, true);
  const app = await createApp(env, ds);
  await app.init();
  const t0 = performance.now();
  const s = await seedScoringCampaign(url ? { kind: 'mysql', url, serverUrl: '', name: 'scratch_grading', version: '' } : { kind: 'sqlite', path, dir: '/tmp/scratch' }, { attempts: Number(process.argv[3] ?? 10000) });
  console.log('seeded', s.rows, 'rows in', Math.round(performance.now() - t0), 'ms');
  const g = app.get(GradingService);
  const inspector = await import('node:inspector');
  const fs = await import('node:fs');
  const session = new inspector.Session();
  session.connect();
  const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p ?? {}, (e: any, r: any) => (e ? rej(e) : res(r))));
  if (process.env.PHASES) {
    const repo = app.get((await import('../../../src/scoring/grading.repository')).GradingRepository);
    const { gradeAttempt } = await import('../../../src/scoring/grade-attempt');
    const ids: number[] = (await ds.query('SELECT id FROM attempts ORDER BY id')).map((r: any) => Number(r.id));
    if (process.env.PROFLOAD) { await post('Profiler.enable'); await post('Profiler.start'); }
    let c0 = process.cpuUsage(); let w0 = performance.now();
    const all: any[] = [];
    for (let i = 0; i < ids.length; i += 500) all.push(...(await repo.loadGradingInputs(ids.slice(i, i + 500), false)));
    let c = process.cpuUsage(c0); console.log('load: wall', Math.round(performance.now() - w0), 'cpu', Math.round((c.user + c.system) / 1000));
    if (process.env.PROFLOAD) { const { profile } = await post('Profiler.stop'); fs.writeFileSync('/tmp/scratch/load.cpuprofile', JSON.stringify(profile)); }
    c0 = process.cpuUsage(); w0 = performance.now();
    for (const x of all) gradeAttempt(x.paper, 'submitted', x.responses, new Map());
    c = process.cpuUsage(c0); console.log('grade: wall', Math.round(performance.now() - w0), 'cpu', Math.round((c.user + c.system) / 1000));
  }
  if (process.env.PROF) { await post('Profiler.enable'); await post('Profiler.start'); }
  const fsx = await import('node:fs');
  const mpid = Number(process.env.MPID ?? 0);
  const mcpu = () => { if (!mpid) return 0; const f = fsx.readFileSync(`/proc/${mpid}/stat`, 'utf8').split(' '); return (Number(f[13]) + Number(f[14])) * 10; };
  const m0 = mcpu();
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const r = await g.gradeCampaign({ kind: 'staff', id: 1, username: 'admin', role: 'admin' }, s.campaignId);
  const cpu = process.cpuUsage(cpu0);
  console.log('graded', r.graded, 'in', Math.round(performance.now() - t1), 'ms; cpu', Math.round((cpu.user + cpu.system) / 1000), 'ms; mariadb cpu', mcpu() - m0);
  if (process.env.PROF) { const { profile } = await post('Profiler.stop'); fs.writeFileSync('/tmp/scratch/grading.cpuprofile', JSON.stringify(profile)); }
  await app.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
