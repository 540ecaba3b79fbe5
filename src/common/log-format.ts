import { Writable } from 'node:stream';

/**
 * Where the logs go. A terminal (an operator running `npm start`) reads one short line per entry; anything
 * else (a file, journald, a log shipper) gets pino's JSON lines unchanged. The JSON is what is parsed here,
 * so both show the same entries.
 */

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

const COLOURS: Record<number, string> = { 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[31m' };

/**
 * Nest's start-up lists every route it maps (one line each, some 150): useful in a log file, noise on a
 * terminal, where they would push the administrator's first-start password off the screen.
 */
const QUIET_CONTEXTS = new Set([
  'RoutesResolver',
  'RouterExplorer',
  'InstanceLoader',
  'WebSocketsController',
]);

interface LogEntry {
  level?: number;
  time?: number;
  msg?: unknown;
  context?: unknown;
  req?: { method?: string; url?: string; id?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
}

/**
 * One pino JSON line as a human-readable line ("09:30:12 INFO  [AuthService] …"), or null for an entry not
 * worth a terminal line (Nest's route listing at info level). A line that is not JSON is passed through.
 */
export function formatLogLine(line: string, colour = false): string | null {
  let e: LogEntry;
  try {
    e = JSON.parse(line) as LogEntry;
  } catch {
    return line;
  }
  if (typeof e !== 'object' || e === null) {
    return line;
  }
  const level = e.level ?? 30;
  const context = typeof e.context === 'string' ? e.context : '';
  if (level <= 30 && QUIET_CONTEXTS.has(context)) {
    return null;
  }
  const time = new Date(e.time ?? Date.now()).toISOString().slice(11, 19);
  const parts = [time, LEVELS[level] ?? String(level)];
  if (context) {
    parts.push(`[${context}]`);
  }
  if (e.req?.method && e.res?.statusCode !== undefined) {
    const ms = e.responseTime !== undefined ? ` ${Math.round(e.responseTime)}ms` : '';
    parts.push(`${e.req.method} ${e.req.url ?? ''} ${e.res.statusCode}${ms}`);
    if (typeof e.msg === 'string' && e.msg !== 'request completed') {
      parts.push(`— ${e.msg}`);
    }
  } else {
    parts.push(typeof e.msg === 'string' ? e.msg : JSON.stringify(e.msg ?? ''));
  }
  let text = parts.join(' ');
  if (e.err?.stack && level >= 50) {
    text += `\n${e.err.stack}`;
  } else if (e.err?.message) {
    text += ` (${e.err.message})`;
  }
  const c = colour ? COLOURS[level] : undefined;
  return c ? `${c}${text}\x1b[0m` : text;
}

/** A stream pino writes its JSON lines to, printing them formatted on `out` (a terminal). */
export function prettyLogStream(out: NodeJS.WriteStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      pending += chunk.toString();
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const text = line.trim() === '' ? null : formatLogLine(line, out.isTTY === true);
        if (text !== null) {
          out.write(`${text}\n`);
        }
        nl = pending.indexOf('\n');
      }
      done();
    },
  });
}

/**
 * The destination for pino: formatted lines on a terminal, else undefined (pino's own JSON to stdout).
 * LOG_FORMAT=json forces JSON on a terminal too.
 */
export function logDestination(
  out: NodeJS.WriteStream = process.stdout,
  format = process.env.LOG_FORMAT,
): Writable | undefined {
  return out.isTTY && format !== 'json' ? prettyLogStream(out) : undefined;
}

/** pino-http's options with the destination above when there is one (nestjs-pino takes `[options, stream]`). */
export function withLogDestination<O extends object>(options: O): O | [O, Writable] {
  const destination = logDestination();
  return destination ? [options, destination] : options;
}
