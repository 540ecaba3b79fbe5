import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, ServerOptions } from 'socket.io';

/**
 * The socket.io server of every gateway. Transport is websocket only (clients must connect with
 * `transports: ['websocket']`): a websocket is one TCP connection to one node, so a load balancer needs no
 * sticky sessions. With REDIS_URL the Redis adapter joins the nodes, so a room (`sitting:<id>`,
 * `candidate:<id>`) spans all of them; without it, one node works alone.
 */
export class ChoukaoIoAdapter extends IoAdapter {
  private pub: Redis | null = null;
  private sub: Redis | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl?: string,
    /** Prefix of the Redis channels: nodes of one deployment share it, other deployments must not. */
    private readonly redisKey = 'choukao',
  ) {
    super(app);
  }

  async connectRedis(): Promise<void> {
    if (!this.redisUrl) {
      return;
    }
    this.pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate();
    await Promise.all([this.pub.connect(), this.sub.connect()]);
  }

  /** The root socket.io package (the one the gateways' types and the clients use), on the HTTP server. */
  // The return type differs from IoAdapter's only in which copy of socket.io declares it.
  // @ts-expect-error -- see above
  createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const opts: Partial<ServerOptions> = {
      ...options,
      transports: ['websocket'],
      serveClient: false,
      // Compression costs memory per connection; answers are a few hundred bytes.
      perMessageDeflate: false,
      maxHttpBufferSize: 256 * 1024,
      pingInterval: 20_000,
      pingTimeout: 20_000,
    };
    const server = this.httpServer && port === 0 ? new Server(this.httpServer, opts) : new Server(port, opts);
    if (this.pub && this.sub) {
      server.adapter(createAdapter(this.pub, this.sub, { key: this.redisKey, requestsTimeout: 3000 }));
    }
    return server;
  }

  async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }
}

/** `env` is the validated environment; SOCKET_IO_REDIS_KEY (optional) separates deployments sharing a Redis. */
export async function createSocketAdapter(
  app: INestApplicationContext,
  env: { REDIS_URL?: string },
): Promise<ChoukaoIoAdapter> {
  const key = (env as { SOCKET_IO_REDIS_KEY?: string }).SOCKET_IO_REDIS_KEY;
  const adapter = new ChoukaoIoAdapter(app, env.REDIS_URL, key || undefined);
  await adapter.connectRedis();
  return adapter;
}
