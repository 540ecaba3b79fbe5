import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import type { Server } from 'socket.io';
import { io as connect, Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { redisPrefix } from '../../src/database/deployment-identity';
import { itWithRedis, REDIS_TEST_URL as REDIS_URL } from '../support/redis';
import { testEnv } from '../support/test-app';
import {
  createTestDatabase,
  DbKind,
  databasesUnderTest,
  openTestDataSource,
  TestDatabase,
} from '../support/test-db';

interface Node {
  app: NestFastifyApplication;
  ds: DataSource;
  url: string;
  io: Server;
}

/** An app node on `db` with REDIS_URL and no SOCKET_IO_REDIS_KEY (the default a deployment gets). */
async function startNode(db: TestDatabase): Promise<Node> {
  const ds = await openTestDataSource(db);
  const app = await createApp(testEnv(db, { REDIS_URL }), ds);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  // The socket.io server the gateways share (the Redis adapter is set on it by the app).
  const { SessionsGateway } = await import('../../src/sessions/sessions.gateway');
  const gateway: unknown = app.get(SessionsGateway);
  const { ns } = gateway as { ns: { server: Server } };
  return { app, ds, url: `http://127.0.0.1:${port}`, io: ns.server };
}

/** A probe namespace on every node: each client joins room `candidate:1` (as a candidate's sockets do). */
function probe(node: Node): void {
  node.io.of('/probe').on('connection', (s) => void s.join('candidate:1'));
}

async function client(node: Node): Promise<Socket> {
  const s = connect(`${node.url}/probe`, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

function received(s: Socket, event: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    s.once(event, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe.each(databasesUnderTest())(
  'deployments sharing one Redis, with default settings, on %s',
  (kind: DbKind) => {
    const nodes: Node[] = [];
    const sockets: Socket[] = [];
    afterAll(async () => {
      sockets.forEach((s) => s.disconnect());
      for (const n of nodes) {
        await n.app.close();
      }
    });

    itWithRedis(
      'derive one prefix per deployment: its nodes share it, another deployment cannot hear them',
      async () => {
        const dbA = await createTestDatabase(kind, `deploy_a_${kind}`);
        const dbB = await createTestDatabase(kind, `deploy_b_${kind}`);
        // Two nodes of deployment A (one database), one node of deployment B (another database).
        const a1 = await startNode(dbA);
        nodes.push(a1);
        const a2 = await startNode({ ...dbA });
        nodes.push(a2);
        const b = await startNode(dbB);
        nodes.push(b);

        const [pa1, pa2, pb] = await Promise.all([a1, a2, b].map((n) => redisPrefix(n.ds, undefined)));
        expect(pa1).toMatch(/^choukao:[0-9a-f]{12}$/);
        expect(pa2).toBe(pa1);
        expect(pb).not.toBe(pa1);

        [a1, a2, b].forEach(probe);
        const onA2 = await client(a2);
        const onB = await client(b);
        sockets.push(onA2, onB);
        // A warning sent to candidate 1 in deployment A reaches candidate 1 on A's other node, never candidate 1
        // of deployment B.
        const gotA2 = received(onA2, 'warning', 3000);
        const gotB = received(onB, 'warning', 3000);
        a1.io.of('/probe').to('candidate:1').emit('warning', { message: '请勿离开考试页面' });
        expect(await gotA2).toBe(true);
        expect(await gotB).toBe(false);
      },
    );
  },
);
