import { Writable } from 'node:stream';
import { formatLogLine, logDestination, prettyLogStream } from './log-format';

const at = Date.UTC(2026, 4, 10, 1, 30, 12);

describe('log lines on a terminal', () => {
  it('prints one short line per entry: time, level, context, message', () => {
    expect(
      formatLogLine(JSON.stringify({ level: 30, time: at, context: 'AuthService', msg: '已创建' })),
    ).toBe('01:30:12 INFO  [AuthService] 已创建');
    expect(
      formatLogLine(
        JSON.stringify({
          level: 30,
          time: at,
          req: { id: 'r1', method: 'GET', url: '/api/sittings' },
          res: { statusCode: 200 },
          responseTime: 12.4,
          msg: 'request completed',
        }),
      ),
    ).toBe('01:30:12 INFO  GET /api/sittings 200 12ms');
  });

  it('keeps an error’s stack, colours warnings and errors only when asked, and passes non-JSON through', () => {
    const err = formatLogLine(
      JSON.stringify({
        level: 50,
        time: at,
        msg: 'boom',
        err: { message: 'x', stack: 'Error: x\n    at f' },
      }),
    );
    expect(err).toBe('01:30:12 ERROR boom\nError: x\n    at f');
    expect(formatLogLine(JSON.stringify({ level: 40, time: at, msg: 'w' }), true)).toBe(
      '\x1b[33m01:30:12 WARN  w\x1b[0m',
    );
    expect(formatLogLine('plain text')).toBe('plain text');
  });

  it('leaves out Nest’s route listing at info level, not at warning level', () => {
    expect(
      formatLogLine(JSON.stringify({ level: 30, context: 'RouterExplorer', msg: 'Mapped {/api, GET}' })),
    ).toBeNull();
    expect(formatLogLine(JSON.stringify({ level: 40, context: 'RouterExplorer', msg: 'x' }))).toContain(
      'WARN',
    );
  });

  it('writes JSON unchanged when not on a terminal, formatted lines on one (whole lines only)', async () => {
    const seen: string[] = [];
    const fake = Object.assign(
      new Writable({
        write(c: Buffer, _e, done) {
          seen.push(c.toString());
          done();
        },
      }),
      { isTTY: false },
    ) as unknown as NodeJS.WriteStream;
    expect(logDestination(fake)).toBeUndefined();
    (fake as { isTTY: boolean }).isTTY = true;
    expect(logDestination(fake, 'json')).toBeUndefined();
    const s = prettyLogStream(fake);
    const line = JSON.stringify({ level: 30, time: at, msg: 'a' });
    await new Promise<void>((r) => s.write(line.slice(0, 10), () => r()));
    expect(seen).toEqual([]);
    await new Promise<void>((r) => s.write(`${line.slice(10)}\n`, () => r()));
    expect(seen).toEqual(['01:30:12 INFO  a\n']);
  });
});
