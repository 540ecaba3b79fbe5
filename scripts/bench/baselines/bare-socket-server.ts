import { createServer } from 'node:http';
import { Server } from 'socket.io';

/*
 * The bare limit for socket scenarios: a socket.io server with the app's server options (websocket only, no
 * compression, same ping settings: src/common/redis-io-adapter.ts) that acknowledges every message at once,
 * without authentication, validation or a database. It speaks just enough of the candidate protocol (namespace
 * /exam, a first `exam.state`, acknowledgements shaped like AnswerAck) for the same load generator to run
 * against it unchanged. Any HTTP GET gets a small constant JSON body (the bare limit for autocannon).
 * Run as its own process: PORT=… node -r @swc-node/register scripts/bench/baselines/bare-socket-server.ts
 */

const port = Number(process.env.PORT ?? 0);
const BODY = JSON.stringify({ ok: true, items: [{ name: '张*三', score: 88.5, passed: true }] });

const http = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) });
  res.end(BODY);
});

const io = new Server(http, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 256 * 1024,
  pingInterval: 20_000,
  pingTimeout: 20_000,
});

const onConnection = (socket: import('socket.io').Socket) => {
  socket.emit('exam.state', { status: 'in-progress', serverTime: new Date().toISOString(), deadline: null, paper: null });
  socket.onAny((_event: string, ...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      const m = (args[0] ?? {}) as { questionId?: number; revision?: number };
      (ack as (r: unknown) => void)({
        ok: true,
        questionId: m.questionId ?? null,
        revision: m.revision ?? 0,
        serverTime: new Date().toISOString(),
        deadline: null,
      });
    }
  });
};
io.of('/exam').on('connection', onConnection);
io.on('connection', onConnection);

http.listen(port, '127.0.0.1', () => {
  const addr = http.address() as { port: number };
  process.stdout.write(`bare socket.io listening on http://127.0.0.1:${addr.port}\n`);
});

const stop = () => {
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
