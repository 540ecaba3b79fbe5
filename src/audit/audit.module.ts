import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { AuditController, PublicAuditController } from './audit.controller';
import { AUDIT_KEY, resolveAuditKey } from './audit-key';
import { AuditSearchService } from './audit-search.service';
import { AuditService } from './audit.service';

/** Global: every module records its administrative acts here. */
@Global()
@Module({
  providers: [
    {
      provide: AUDIT_KEY,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        resolveAuditKey(config.get('AUDIT_KEY', { infer: true }), config.get('SQLITE_PATH', { infer: true })),
    },
    AuditService,
    AuditSearchService,
  ],
  controllers: [AuditController, PublicAuditController],
  exports: [AuditService],
})
export class AuditModule {}
