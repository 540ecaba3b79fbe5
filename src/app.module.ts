import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ThrottlerModule } from '@nestjs/throttler';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { RedisThrottlerStorage } from './common/redis-throttler-storage';
import type { Env } from './config/env';
import { HealthController } from './health/health.controller';
import { withLogDestination } from './common/log-format';
import { featureModules } from './feature-modules';

export interface AppModuleOptions {
  env: Env;
  /** Opened and migrated by prepareDatabase(). */
  dataSource: DataSource;
}

@Module({})
export class AppModule {
  static forRoot({ env, dataSource }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => ({ ...env }) }),
        LoggerModule.forRoot({
          pinoHttp: withLogDestination({
            level: env.LOG_LEVEL,
            genReqId: (req: IncomingMessage) =>
              (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.body.password',
              'req.body.idNumber',
            ],
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
            customProps: () => ({ service: 'choukao' }),
          }),
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'login', ttl: 60_000, limit: env.LOGIN_RATE_LIMIT },
            { name: 'lookup', ttl: 60_000, limit: env.LOOKUP_RATE_LIMIT },
          ],
          // With several nodes (REDIS_URL), every node counts against the same limits.
          storage: env.REDIS_URL
            ? new RedisThrottlerStorage(
                env.REDIS_URL,
                (env as { SOCKET_IO_REDIS_KEY?: string }).SOCKET_IO_REDIS_KEY || 'choukao',
              )
            : undefined,
        }),
        EventEmitterModule.forRoot(),
        TerminusModule,
        AuditModule,
        AuthModule,
        ...featureModules,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
