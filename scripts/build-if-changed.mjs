#!/usr/bin/env node
// `npm start` builds only what changed since the last build: the server (src/, migrations/, tsconfig files,
// package-lock.json) and the browser app (web/, package-lock.json) each carry a fingerprint of their inputs
// beside their output; a part whose fingerprint matches is not rebuilt, so a second start serves in seconds.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function files(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) {
    return [];
  }
  if (!statSync(abs).isDirectory()) {
    return [abs];
  }
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && e.name !== 'dist')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => files(relative(root, join(abs, e.name))));
}

function fingerprint(inputs) {
  const h = createHash('sha256');
  for (const f of inputs.flatMap(files)) {
    const bytes = readFileSync(f);
    h.update(`${relative(root, f)}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return h.digest('hex');
}

const parts = [
  {
    name: 'server',
    inputs: ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    output: 'dist/src/main.js',
    stamp: 'dist/.inputs-sha256',
    build: [process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']],
  },
  {
    name: 'web',
    inputs: ['web', 'package-lock.json'],
    output: 'web/dist/index.html',
    stamp: 'web/dist/.inputs-sha256',
    build: [
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    ],
  },
];

for (const p of parts) {
  const digest = fingerprint(p.inputs);
  const stamp = join(root, p.stamp);
  if (existsSync(join(root, p.output)) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) {
    process.stdout.write(`[build] ${p.name}: unchanged since the last build, not rebuilt\n`);
    continue;
  }
  process.stdout.write(`[build] ${p.name}: building\n`);
  const started = Date.now();
  execFileSync(p.build[0], p.build[1], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${digest}\n`);
  process.stdout.write(`[build] ${p.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
