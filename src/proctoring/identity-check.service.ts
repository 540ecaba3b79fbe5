import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { NotFoundError } from '../common/domain-error';
import { SittingCandidate } from '../sessions/sitting-candidate.entity';
import { SittingsService } from '../sessions/sittings.service';
import type { IdentityCheckDto } from './dto/identity-check.dto';

/**
 * 核验身份: the proctor checking the person at the seat (or on a spare PC asking 再次入场) needs the whole ID
 * number, which every other view masks. Only staff of the sitting — its own proctors and administrators — may
 * read it, and each reading is in the audit log as a view of personal data.
 *
 * The roster keeps no photo of technicians (`src/roster/technician.entity.ts`), so there is none to show: the
 * answer says so, and the console shows 无照片 rather than anything invented.
 */
@Injectable()
export class IdentityCheckService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sittings: SittingsService,
    private readonly audit: AuditService,
  ) {}

  async view(actor: Actor, sittingId: number, candidateId: number): Promise<IdentityCheckDto> {
    await this.sittings.sittingFor(actor, sittingId);
    const c = await this.ds.getRepository(SittingCandidate).findOne({ where: { id: candidateId } });
    if (!c || c.sittingId !== sittingId) {
      throw new NotFoundError('考生', candidateId);
    }
    await this.audit.record(actor, {
      action: 'personal-data.view',
      target: `sitting-candidate:${c.id}`,
      details: { sittingId, purpose: 'identity-check', fields: ['idNumber'] },
    });
    return {
      sittingCandidateId: c.id,
      seat: c.seat,
      name: c.name,
      idNumber: c.idNumber,
      ticketNumber: c.ticketNumber,
      agencyName: c.agencyName,
      discipline: c.discipline,
      photo: null,
      photoNote: '名册中没有照片',
    };
  }
}
