import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { NotFoundError, OwnershipError, RuleViolationError } from '../common/domain-error';
import { inTransaction } from '../database/transaction';
import { RatingDeduction } from './entities/deduction.entity';
import { RatingEvidenceFile, RatingEvidencePart } from './entities/evidence-file.entity';
import { RatingService } from './rating.service';
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  evidenceMime,
  parts,
  safeFileName,
} from './rules/evidence-file';

export interface EvidenceFileView {
  id: number;
  deductionId: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: number;
  uploadedAt: Date;
}

const view = (f: RatingEvidenceFile): EvidenceFileView => ({
  id: f.id,
  deductionId: f.deductionId,
  fileName: f.fileName,
  mime: f.mime,
  size: f.size,
  sha256: f.sha256,
  uploadedBy: f.uploadedBy,
  uploadedAt: f.createdAt,
});

/**
 * Files attached as evidence to deductions: photos and scans the experts took on site. Only the agency's
 * inspectors and administrators attach, list and read them; they never reach a public page. Every attachment
 * and removal is audited with the file's SHA-256.
 */
@Injectable()
export class EvidenceFilesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rating: RatingService,
    private readonly audit: AuditService,
  ) {}

  async attach(
    actor: Actor,
    deductionId: number,
    dto: { fileName: string; contentBase64: string },
  ): Promise<EvidenceFileView> {
    const d = await this.deduction(actor, deductionId);
    if (d.withdrawnAt) {
      throw new RuleViolationError('该扣分已撤回，不能再附加证据', 'deduction_withdrawn');
    }
    const bytes = Buffer.from(dto.contentBase64, 'base64');
    if (bytes.length === 0) {
      throw new RuleViolationError('证据文件为空', 'evidence_empty');
    }
    if (bytes.length > EVIDENCE_MAX_BYTES) {
      throw new RuleViolationError(
        `证据文件过大：${(bytes.length / 1048576).toFixed(1)} MB，上限 ${EVIDENCE_MAX_BYTES / 1048576} MB`,
        'evidence_too_large',
      );
    }
    const mime = evidenceMime(bytes);
    if (!mime) {
      throw new RuleViolationError('证据文件须为 PDF、PNG 或 JPEG（按文件内容判断）', 'evidence_type');
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fileName = safeFileName(dto.fileName);
    return inTransaction(this.ds, async (m) => {
      const count = await m.count(RatingEvidenceFile, { where: { deductionId, removedAt: IsNull() } });
      if (count >= EVIDENCE_MAX_FILES) {
        throw new RuleViolationError(`每条扣分最多附 ${EVIDENCE_MAX_FILES} 个证据文件`, 'evidence_too_many');
      }
      const inserted = await m.insert(RatingEvidenceFile, {
        deductionId,
        ratedAgencyId: d.ratedAgencyId,
        fileName,
        mime,
        size: bytes.length,
        sha256,
        uploadedBy: actor.id,
        createdAt: new Date(),
        removedAt: null,
      });
      const fileId = (inserted.identifiers[0] as { id: number }).id;
      const chunks = parts(bytes.toString('base64'));
      for (let i = 0; i < chunks.length; i++) {
        await m.insert(RatingEvidencePart, { fileId, partNo: i, body: chunks[i] });
      }
      await this.audit.record(
        actor,
        {
          action: 'rating.evidence.attach',
          target: `rating-agency:${d.ratedAgencyId}`,
          details: { deductionId, fileId, fileName, mime, size: bytes.length, sha256 },
        },
        m,
      );
      return view(await m.findOneByOrFail(RatingEvidenceFile, { id: fileId }));
    });
  }

  /** The files of an agency's deductions (not removed), oldest first. */
  async list(actor: Actor, ratedAgencyId: number): Promise<EvidenceFileView[]> {
    await this.rating.assertMayInspect(actor, ratedAgencyId);
    const files = await this.ds.getRepository(RatingEvidenceFile).find({
      where: { ratedAgencyId, removedAt: IsNull() },
      order: { id: 'ASC' },
    });
    return files.map(view);
  }

  /** The bytes of one file, for its agency's inspectors and administrators. */
  async read(actor: Actor, fileId: number): Promise<{ file: EvidenceFileView; bytes: Buffer }> {
    const f = await this.ds.getRepository(RatingEvidenceFile).findOne({ where: { id: fileId } });
    if (!f || f.removedAt) {
      throw new NotFoundError('证据文件', fileId);
    }
    await this.rating.assertMayInspect(actor, f.ratedAgencyId);
    const rows = await this.ds
      .getRepository(RatingEvidencePart)
      .find({ where: { fileId }, order: { partNo: 'ASC' } });
    return { file: view(f), bytes: Buffer.from(rows.map((r) => r.body).join(''), 'base64') };
  }

  /** Removes a file from the list (kept on record): its uploader or an administrator. */
  async remove(actor: Actor, fileId: number): Promise<void> {
    const f = await this.ds.getRepository(RatingEvidenceFile).findOne({ where: { id: fileId } });
    if (!f || f.removedAt) {
      throw new NotFoundError('证据文件', fileId);
    }
    const staff = await this.rating.assertMayInspect(actor, f.ratedAgencyId);
    if (staff.role !== 'admin' && f.uploadedBy !== staff.id) {
      throw new OwnershipError('只能删除本人上传的证据文件');
    }
    await inTransaction(this.ds, async (m) => {
      await m.update(RatingEvidenceFile, { id: fileId }, { removedAt: new Date() });
      await this.audit.record(
        actor,
        {
          action: 'rating.evidence.remove',
          target: `rating-agency:${f.ratedAgencyId}`,
          details: { deductionId: f.deductionId, fileId, fileName: f.fileName, sha256: f.sha256 },
        },
        m,
      );
    });
  }

  private async deduction(actor: Actor, deductionId: number): Promise<RatingDeduction> {
    const d = await this.ds.getRepository(RatingDeduction).findOne({ where: { id: deductionId } });
    if (!d) {
      throw new NotFoundError('扣分记录', deductionId);
    }
    await this.rating.assertMayInspect(actor, d.ratedAgencyId);
    return d;
  }

  /** Files per deduction id, for the sheet. */
  async byDeduction(deductionIds: number[]): Promise<Map<number, EvidenceFileView[]>> {
    const out = new Map<number, EvidenceFileView[]>();
    if (deductionIds.length === 0) {
      return out;
    }
    const files = await this.ds.getRepository(RatingEvidenceFile).find({
      where: { deductionId: In(deductionIds), removedAt: IsNull() },
      order: { id: 'ASC' },
    });
    for (const f of files) {
      out.set(f.deductionId, [...(out.get(f.deductionId) ?? []), view(f)]);
    }
    return out;
  }
}
