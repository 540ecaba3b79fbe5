import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createSocketAdapter } from './common/redis-io-adapter';
import { limitRouteBodies } from './common/route-body-limits';
import { WellFormedTextPipe } from './common/well-formed-text.pipe';
import { trustProxyOption, type Env } from './config/env';
import { redisPrefix } from './database/deployment-identity';
import { validationException } from './common/validation-messages';
import { RequestValidationPipe } from './common/request-validation.pipe';

/** Builds the whole application (not yet listening); main.ts, the tests and the benchmarks share it. */
export async function createApp(env: Env, dataSource: DataSource): Promise<NestFastifyApplication> {
  // Everything this deployment keeps in Redis is prefixed with one key: the configured one, else one derived
  // from the deployment's database, so that two deployments sharing a Redis never hear each other.
  if (env.REDIS_URL) {
    env.SOCKET_IO_REDIS_KEY = await redisPrefix(dataSource, env.SOCKET_IO_REDIS_KEY);
  }
  const adapter = new FastifyAdapter({
    // A forged X-Forwarded-For must not buy a fresh rate-limit allowance: only configured proxies are believed.
    trustProxy: trustProxyOption(env.TRUST_PROXY),
    bodyLimit: 20 * 1024 * 1024,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) =>
      (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ env, dataSource }),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  limitRouteBodies(app.getHttpAdapter().getInstance());
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
      },
    },
  });
  app.useGlobalPipes(
    new WellFormedTextPipe(),
    new RequestValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      // Messages people read: Chinese, naming each field as the forms do.
      exceptionFactory: validationException,
    }),
  );
  app.enableShutdownHooks();
  app.useWebSocketAdapter(await createSocketAdapter(app, env));

  const docs = new DocumentBuilder()
    .setTitle('choukao 抽考')
    .setDescription('Written tests of safety-production technical service agencies’ technicians')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs), {
    jsonDocumentUrl: 'api/docs/json',
  });

  const webRoot = resolve(env.WEB_DIST);
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
    // The browser app routes on the client: other GETs outside the API get index.html. (A wildcard route, not
    // Fastify's not-found handler, which Nest sets itself at init.)
    app
      .getHttpAdapter()
      .getInstance()
      .get('/*', (req, reply) => {
        if (/^\/(api|socket\.io|health)(\/|$)/.test(req.url)) {
          return reply
            .status(404)
            .send({ statusCode: 404, message: `未找到：${req.method} ${req.url.split('?')[0]}` });
        }
        return reply.type('text/html').sendFile('index.html');
      });
  }
  return app;
}
