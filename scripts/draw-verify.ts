import { readFileSync } from 'node:fs';
import { RosterFormatError } from '../src/sampling/draw';
import { publishedCommitments, PublishedCommitment, verifyDrawRecord } from '../src/sampling/draw-record';

const USAGE = `usage: npm run draw:verify -- draw-record.json [--published FILE | --published-url URL] [--entropy-time ISO]
  --published FILE       the values published at freezing: the JSON of GET /api/public/campaigns/:id,
                         best the copy you saved when the roster was frozen
  --published-url URL    the same, fetched now (e.g. https://…/api/public/campaigns/1)
  --entropy-time ISO     when the entropy became known (e.g. the lottery's draw time): the freeze must precede it
`;

interface Options {
  file: string;
  published?: string;
  publishedUrl?: string;
  entropyTime?: string;
}

function parseArgs(argv: string[]): Options | null {
  const o: Partial<Options> = {};
  const flags = {
    '--published': 'published',
    '--published-url': 'publishedUrl',
    '--entropy-time': 'entropyTime',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in flags) {
      const v = argv[++i];
      if (v === undefined || v === '' || v.startsWith('--')) {
        return null;
      }
      o[flags[a as keyof typeof flags] as 'published' | 'publishedUrl' | 'entropyTime'] = v;
    } else if (a.startsWith('--') || o.file) {
      return null;
    } else {
      o.file = a;
    }
  }
  return o.file && !(o.published && o.publishedUrl) ? (o as Options) : null;
}

async function readPublished(o: Options): Promise<unknown> {
  if (o.published) {
    return JSON.parse(readFileSync(o.published, 'utf8'));
  }
  const res = await fetch(o.publishedUrl!, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    throw new Error(`HTTP ${res.status} from ${o.publishedUrl}`);
  }
  return res.json();
}

/**
 * npm run draw:verify -- FILE [--published FILE | --published-url URL] [--entropy-time ISO]
 * Recomputes a downloaded draw record (docs/draw.md) and prints OK, or the first mismatch (exit code 1).
 * With the published values, the record's roster hash and commitment must equal the last ones published
 * before the draw; without them a consistently recomputed forgery cannot be told from the genuine record.
 */
async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (!o) {
    process.stderr.write(USAGE);
    return 2;
  }
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(o.file, 'utf8'));
  } catch (err) {
    process.stdout.write(`MISMATCH: cannot read ${o.file} as JSON: ${(err as Error).message}\n`);
    return 1;
  }
  let published: PublishedCommitment[] | undefined;
  if (o.published || o.publishedUrl) {
    try {
      published = publishedCommitments(await readPublished(o));
    } catch (err) {
      const why = err instanceof RosterFormatError ? err.message : (err as Error).message;
      process.stdout.write(
        `MISMATCH: cannot read the published values from ${o.published ?? o.publishedUrl}: ${why}\n`,
      );
      return 1;
    }
  }
  const verdict = verifyDrawRecord(record, published);
  if (!verdict.ok) {
    process.stdout.write(`MISMATCH: ${verdict.mismatch}\n`);
    return 1;
  }
  const p = verdict.published;
  if (o.entropyTime !== undefined) {
    const source = Date.parse(o.entropyTime);
    if (Number.isNaN(source)) {
      process.stderr.write(`--entropy-time: not a date and time: ${o.entropyTime}\n`);
      return 2;
    }
    const frozen = Date.parse(p?.publishedAt ?? (record as { frozenAt?: string }).frozenAt ?? '');
    if (!(frozen < source)) {
      process.stdout.write(
        `MISMATCH: frozenAt: the values were published at ${p?.publishedAt ?? (record as { frozenAt?: string }).frozenAt}, not before the entropy became known (${new Date(source).toISOString()})\n`,
      );
      return 1;
    }
  }
  const lines = [
    'OK',
    `${verdict.agencies} agencies, ${verdict.technicians} technicians, ${verdict.drawn} drawn, ${verdict.excusals} excusals recomputed`,
  ];
  if (p) {
    lines.push(
      `roster hash and commitment equal the values published at ${p.publishedAt} (${p.position} of ${p.count} published${p.count > 1 ? '; the roster was frozen more than once' : ''})`,
    );
    if (o.entropyTime === undefined) {
      lines.push(`check that ${p.publishedAt} precedes the time the entropy became known`);
    }
  } else {
    lines.push(
      'NOT compared with the values published at freezing: pass --published FILE or --published-url URL',
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

void main().then((code) => (process.exitCode = code));
