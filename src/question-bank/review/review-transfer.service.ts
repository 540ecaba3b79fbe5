import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/actor';
import { DomainError, RuleViolationError } from '../../common/domain-error';
import { BANK_XLSX_LIMITS, inspectXlsx, XlsxUnreadableError } from '../../common/xlsx-guard';
import { inTransaction } from '../../database/transaction';
import { QuestionItemVersion } from '../entities/question-item-version.entity';
import { QuestionItem } from '../entities/question-item.entity';
import { parseArticleRef } from '../files/chinese-numeral';
import { ImportDecisionsResultDto, ReviewQueueQueryDto } from './dto/review.dto';
import { reasonName } from './review-rules';
import { readReviewWorkbook, ReviewSheetRow, SheetError, writeReviewWorkbook } from './review-workbook';
import { assertReviewer, ReviewService } from './review.service';

/**
 * The offline round trip: a reviewer's queue as a workbook, and the decisions filled into it back. The import
 * is all-or-nothing: every row is decided inside one transaction, and any row's problem (a bad cell, an item
 * changed since the export, a decision the rules refuse) rolls all of them back and is reported with its row.
 */
@Injectable()
export class ReviewTransferService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly review: ReviewService,
    private readonly audit: AuditService,
  ) {}

  async exportQueue(actor: Actor, query: ReviewQueueQueryDto): Promise<Buffer> {
    assertReviewer(actor);
    const m = this.ds.manager;
    // Items the reviewer already approved wait for someone else: they are not the reviewer's work.
    const queue = (await this.review.queueRows(m, actor, query)).filter((r) => !r.approvedByMe);
    const required = await this.review.reviewersRequired(m);
    const rows: ReviewSheetRow[] = [];
    const laws = new Map<number, Awaited<ReturnType<ReviewService['lawOf']>>>();
    for (let i = 0; i < queue.length; i += 500) {
      const chunk = queue.slice(i, i + 500);
      const versions = await m.find(QuestionItemVersion, {
        where: { id: In(chunk.map((r) => r.versionId)) },
        relations: { source: true },
      });
      const byId = new Map(versions.map((v) => [v.id, v]));
      for (const r of chunk) {
        const v = byId.get(r.versionId)!;
        // One law text per source, parsed once for the whole sheet.
        const law = laws.get(v.sourceId) ?? (await this.review.lawOf(m, v.source!));
        laws.set(v.sourceId, law);
        const n = parseArticleRef(v.article);
        const articleText =
          n !== null && law.laws && law.source.lawFile
            ? (law.laws.get(law.source.lawFile)?.articles.get(n)?.text ?? null)
            : null;
        rows.push({
          code: r.code,
          versionNo: r.versionNo,
          type: v.type,
          stem: v.stem,
          options: v.options,
          answer: v.answer,
          source: r.sourceKey,
          article: v.article,
          basis: v.basis,
          articleText,
          reasons: r.reasons.map((x) => `${reasonName(x.reason)}：${x.detail}`).join('\n'),
          approvals: `${r.approvals}/${required}`,
        });
      }
    }
    return writeReviewWorkbook(rows, actor.username);
  }

  async importDecisions(
    actor: Actor,
    contentBase64: string,
    fileName = '评审表.xlsx',
  ): Promise<ImportDecisionsResultDto> {
    assertReviewer(actor);
    const data = Buffer.from(contentBase64, 'base64');
    try {
      await inspectXlsx(data, BANK_XLSX_LIMITS);
    } catch (err) {
      if (err instanceof XlsxUnreadableError) {
        throw refuse(fileName, [{ row: 0, reason: '不是有效的 Excel（.xlsx）文件' }]);
      }
      throw err;
    }
    const { decisions, errors } = await readReviewWorkbook(data);
    if (errors.length > 0) {
      throw refuse(fileName, errors);
    }
    if (decisions.length === 0) {
      throw refuse(fileName, [{ row: 0, reason: '没有填写任何决定' }]);
    }
    return inTransaction(this.ds, async (m) => {
      const items = await m.find(QuestionItem, {
        select: { id: true, code: true },
        where: { code: In(decisions.map((d) => d.code)) },
      });
      const idOf = new Map(items.map((i) => [i.code, i.id]));
      const result: ImportDecisionsResultDto = {
        rows: decisions.length,
        approved: 0,
        requestedChange: 0,
        rejected: 0,
        nowApproved: 0,
      };
      const problems: SheetError[] = [];
      for (const d of decisions) {
        const id = idOf.get(d.code);
        if (id === undefined) {
          problems.push({ row: d.row, field: '题目编号', reason: `题目 ${d.code} 不存在` });
          continue;
        }
        try {
          const r = await this.review.decideIn(
            m,
            actor,
            id,
            {
              decision: d.decision,
              versionNo: d.versionNo,
              ...(d.comment ? { comment: d.comment } : {}),
              ...(d.reviewerNote ? { reviewerNote: d.reviewerNote } : {}),
              ...(d.checkedArticle ? { checkedArticle: d.checkedArticle } : {}),
            },
            'excel',
          );
          switch (d.decision) {
            case 'approve':
              result.approved++;
              result.nowApproved += r.status === 'approved' ? 1 : 0;
              break;
            case 'request-change':
              result.requestedChange++;
              break;
            case 'reject':
              result.rejected++;
              break;
          }
        } catch (err) {
          if (err instanceof DomainError) {
            problems.push({ row: d.row, reason: err.message });
            continue;
          }
          throw err;
        }
      }
      if (problems.length > 0) {
        // Thrown inside the transaction: every decision of the file is rolled back.
        throw refuse(fileName, problems);
      }
      await this.audit.record(
        actor,
        { action: 'qbank.review.import', target: 'question-bank', details: { fileName, ...result } },
        m,
      );
      return result;
    });
  }
}

function refuse(fileName: string, errors: SheetError[]): RuleViolationError {
  const head = errors
    .slice(0, 5)
    .map((e) => (e.row > 0 ? `第 ${e.row} 行${e.field ? `「${e.field}」` : ''}：${e.reason}` : e.reason))
    .join('；');
  return new RuleViolationError(
    `评审表「${fileName}」有 ${errors.length} 处错误，未导入任何决定：${head}${errors.length > 5 ? '……' : ''}`,
    'invalid_rows',
    { errors },
  );
}
