import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { OwnershipError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { ExamAddressResponseDto, UpdateExamAddressDto } from './dto/exam-address.dto';
import { checkExamAddress, effectiveExamAddress } from './exam-address';
import { ExamSetting } from './exam-setting.entity';
import type { SessionsSettings } from './sessions.settings';
import { SESSIONS_SETTINGS } from './sessions.tokens';

/**
 * The configured exam address (系统设置, else EXAM_LOGIN_URL), or undefined when neither is set. For the
 * modules that print or show it without the service (the admission tickets).
 */
export async function storedExamAddress(
  db: DataSource | EntityManager,
  environment: string | undefined,
): Promise<string | undefined> {
  const row = await db.getRepository(ExamSetting).findOne({ where: { id: 1 } });
  return row?.examAddress || environment || undefined;
}

/** 系统设置 → 考试地址: read by every staff page that shows it, changed by administrators, audited. */
@Injectable()
export class ExamAddressService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
  ) {}

  /** The address in force for a caller whose browser used `request`, with where it comes from. */
  async current(actor: Actor, request: { protocol: string; host: string }): Promise<ExamAddressResponseDto> {
    if (actor.kind !== 'staff') {
      throw new OwnershipError();
    }
    const row = await this.ds.getRepository(ExamSetting).findOne({ where: { id: 1 } });
    return this.describe(row, request);
  }

  async update(
    actor: Actor,
    dto: UpdateExamAddressDto,
    request: { protocol: string; host: string },
  ): Promise<ExamAddressResponseDto> {
    assertAdmin(actor);
    let next: string | null = null;
    if (dto.examAddress.trim() !== '') {
      const checked = checkExamAddress(dto.examAddress);
      if ('error' in checked) {
        throw new RuleViolationError(checked.error, 'invalid_exam_address');
      }
      next = checked.url;
    }
    const row = await inTransaction(this.ds, async (m) => {
      const before = await m.findOne(ExamSetting, { where: { id: 1 } });
      const from = before?.examAddress ?? null;
      if (before && from === next) {
        return before;
      }
      const saved = await m.save(
        m.create(ExamSetting, {
          id: 1,
          examAddress: next,
          updatedBy: actorRef(actor),
          updatedAt: new Date(),
        }),
      );
      await this.audit.record(
        actor,
        { action: 'settings.exam-address', target: 'settings:exam-address', details: { from, to: next } },
        m,
      );
      return saved;
    });
    return this.describe(row, request);
  }

  private describe(
    row: ExamSetting | null,
    request: { protocol: string; host: string },
  ): ExamAddressResponseDto {
    const environment = this.settings.EXAM_LOGIN_URL ?? null;
    const effective = effectiveExamAddress(row?.examAddress, environment, request);
    return {
      url: effective.url,
      source: effective.source,
      ...(effective.warning ? { warning: effective.warning } : {}),
      stored: row?.examAddress ?? null,
      environmentDefault: environment,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ? row.updatedAt.toISOString() : null,
    };
  }
}
