/**
 * Writes the server's OpenAPI document (JSON) and the web app's types generated from it.
 *   node -r @swc-node/register scripts/dev/openapi.ts [out.d.ts]   (default web/src/api/schema.d.ts)
 *   ... --check   fails when the committed web/src/api/schema.d.ts is stale
 * The document comes from the app itself, built on a temporary SQLite database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestApp } from '../../test/support/test-app';

const TARGET = resolve(__dirname, '../../web/src/api/schema.d.ts');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const out = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? TARGET;
  const t = await createTestApp('sqlite', 'openapi');
  let doc: string;
  try {
    const res = await t.http().get('/api/docs/json').expect(200);
    doc = JSON.stringify(res.body, null, 2);
  } finally {
    await t.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'choukao-openapi-'));
  const json = join(dir, 'openapi.json');
  writeFileSync(json, doc);
  const generated = join(dir, 'schema.d.ts');
  execFileSync(process.execPath, [resolve(__dirname, '../../node_modules/openapi-typescript/bin/cli.js'), json, '-o', generated], { stdio: ['ignore', 'ignore', 'inherit'] });
  const text = readFileSync(generated, 'utf8');
  if (check) {
    const current = readFileSync(TARGET, 'utf8');
    if (current !== text) {
      console.error('web/src/api/schema.d.ts is stale: run npm run api:types');
      process.exit(1);
    }
    return;
  }
  writeFileSync(out, text);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
