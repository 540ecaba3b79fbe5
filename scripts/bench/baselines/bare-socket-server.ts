import { createServer } from 'node:http';
import { Server, Socket } from 'socket.io';

/*
 * The bare limit for socket scenarios: a socket.io server with the app's server options (websocket only, no
 * compression, same ping settings: src/common/redis-io-adapter.ts) that answers at once, without
 * authentication, validation or a database. It speaks just enough of the candidate protocol for the same load
 * generators to run against it unchanged:
 * - POST /api/exam/login → { accessToken, state } for anyone;
 * - namespace /exam: a first `exam.state` on connection; `exam.start` / `exam.sync` acknowledged with a state
 *   carrying a synthetic paper of the default size (85 questions, so the start storm moves as many bytes as the
 *   app's); every other message acknowledged like an AnswerAck ({ ok: true, questionId, revision, … });
 * - any other HTTP request → a small constant JSON body (the bare limit for autocannon).
 * Run as its own process: PORT=… node -r @swc-node/register scripts/bench/baselines/bare-socket-server.ts
 */

const port = Number(process.env.PORT ?? 0);
const BODY = JSON.stringify({ ok: true, items: [{ name: '张*三', score: 88.5, passed: true }] });

/** A paper shaped like DeliveredPaper: 20 判断, 50 单选, 15 多选, stems and options of typical length. */
function syntheticPaper(): object {
  const stem =
    '根据《中华人民共和国安全生产法》的规定，生产经营单位的主要负责人对本单位安全生产工作负有哪些职责？';
  const option = '建立健全并落实本单位全员安全生产责任制';
  const sections: Array<[string, string, number, number]> = [
    ['judge', '一、判断题', 20, 1],
    ['single', '二、单项选择题', 50, 1],
    ['multiple', '三、多项选择题', 15, 2],
  ];
  let position = 0;
  return {
    paperId: 1,
    title: '技术人员抽考试卷（压测）',
    discipline: 'hazardous-chemicals',
    totalPoints: 100,
    durationMinutes: 120,
    multipleRule: 'partial',
    ruleText: '多选题：选错不得分；少选每个正确选项得 0.5 分。',
    sections: sections.map(([type, title, count, pointsEach]) => ({
      type,
      title,
      pointsEach,
      questions: Array.from({ length: count }, () => {
        position++;
        return {
          questionId: position,
          position,
          type,
          stem,
          options: type === 'judge' ? [] : ['A', 'B', 'C', 'D'].map((label) => ({ label, text: option })),
          points: pointsEach,
        };
      }),
    })),
  };
}

const PAPER = syntheticPaper();
const clock = () => ({ serverTime: new Date().toISOString(), deadline: null });
const state = (paper: object | null) => ({
  status: paper ? 'in-progress' : 'admitted',
  canStart: true,
  ...clock(),
  paper,
  responses: [],
});

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/exam/login') {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({
        accessToken: 'bare',
        expiresIn: 7200,
        socketNamespace: '/exam',
        state: state(null),
        ...clock(),
      });
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(BODY),
  });
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

const onConnection = (socket: Socket) => {
  socket.emit('exam.state', state(null));
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      return;
    }
    const reply = ack as (r: unknown) => void;
    if (event === 'exam.start' || event === 'exam.sync') {
      reply({ ok: true, ...clock(), state: state(PAPER) });
      return;
    }
    const m = (args.length > 1 ? args[0] : {}) as { questionId?: number; revision?: number } | null;
    reply({ ok: true, questionId: m?.questionId ?? null, revision: m?.revision ?? 0, ...clock() });
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
