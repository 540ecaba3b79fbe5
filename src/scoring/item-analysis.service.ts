import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { REVIEW_ENQUEUE, ReviewEnqueueEvent } from '../question-bank/review/review-events';
import { Actor, actorRef } from '../common/actor';
import { NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { FormReliability } from './form-reliability.entity';
import type { FrozenQuestion } from './grade-attempt';
import type { QuestionCredit } from './grade.entity';
import { GradingRepository } from './grading.repository';
import { analyseItems, kr20RandomForms, ResponseRow } from './item-analysis';
import { ItemReviewStatus, ItemStatistic } from './item-statistic.entity';
import { chosenLabels, shownToBank } from './key-correction';

export const KR20_METHOD = 'kr20-random-forms/1';

/** Ratios as ten-thousandths. */
const e4 = (x: number): number => Math.round(x * 10000);
const e4n = (x: number | null): number | null => (x === null ? null : e4(x));

export interface ItemAnalysisRun {
  scope: string;
  candidates: number;
  items: number;
  flagged: number;
  reliability: FormReliability[];
}

/**
 * Item analysis after a sitting or a campaign: per item version facility, upper-lower discrimination,
 * point-biserial and the option distribution (in the bank's labels, so that differently shuffled papers add
 * up); per discipline KR-20 over randomly parallel forms (every paper is unique: see kr20RandomForms). Items
 * with negative discrimination or extreme facility are flagged for review here, in scoring's own table (the
 * question bank offers no review flag), where the administrator records a note.
 */
@Injectable()
export class ItemAnalysisService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: GradingRepository,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async run(actor: Actor, campaignId: number, sittingId?: number): Promise<ItemAnalysisRun> {
    assertAdmin(actor);
    const scope = sittingId ? `sitting:${sittingId}` : 'campaign';
    const params: unknown[] = [campaignId];
    let where = `campaign_id = ? AND status = 'graded'`;
    if (sittingId) {
      where += ' AND sitting_id = ?';
      params.push(sittingId);
    }
    const grades: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT attempt_id, paper_id, discipline, earned, credits FROM grades WHERE ${where}`,
      params,
    );
    if (grades.length < 2) {
      throw new RuleViolationError('已评分的答卷少于 2 份，无法进行题目分析', 'too_few_attempts');
    }
    const questionOf = new Map<number, FrozenQuestion>();
    const rows: ResponseRow[] = [];
    const byDiscipline = new Map<string, Array<Map<number, number>>>();
    for (let i = 0; i < grades.length; i += 500) {
      const chunk = grades.slice(i, i + 500);
      const papers = await this.repo.loadPapers([...new Set(chunk.map((g) => Number(g.paper_id)))]);
      for (const p of papers.values()) {
        for (const q of p.questions) {
          questionOf.set(q.questionId, q);
        }
      }
      const answers = await this.repo.loadAnswers(chunk.map((g) => Number(g.attempt_id)));
      for (const g of chunk) {
        const attemptId = Number(g.attempt_id);
        const credits = (
          typeof g.credits === 'string' ? JSON.parse(g.credits) : g.credits
        ) as QuestionCredit[];
        const responses = answers.get(attemptId) ?? new Map();
        const items = new Map<number, { credit: number; chosen: string[] }>();
        const forKr = new Map<number, number>();
        for (const [questionId, earned] of credits) {
          const q = questionOf.get(questionId);
          if (!q) {
            continue;
          }
          const credit = earned / (q.points * 100);
          const shown = chosenLabels(responses.get(questionId));
          const chosen = q.type === 'judge' ? shown : shownToBank(shown, q.optionOrder);
          items.set(q.versionId, { credit, chosen });
          forKr.set(q.versionId, credit);
        }
        rows.push({ candidateId: attemptId, total: Number(g.earned), items });
        const d = String(g.discipline);
        byDiscipline.set(d, [...(byDiscipline.get(d) ?? []), forKr]);
      }
    }
    const versionInfo = new Map<number, FrozenQuestion>();
    for (const q of questionOf.values()) {
      versionInfo.set(q.versionId, q);
    }
    const stats = analyseItems(rows);
    const now = new Date();
    let newlyFlagged: number[] = [];
    const result = await inTransaction(this.ds, async (m) => {
      const previous = new Map(
        (await m.find(ItemStatistic, { where: { campaignId, scope } })).map((s) => [s.versionId, s]),
      );
      await m.delete(ItemStatistic, { campaignId, scope });
      const entities = stats.map((s) => {
        const q = versionInfo.get(s.itemId)!;
        const prev = previous.get(s.itemId);
        const flagged = s.flags.length > 0;
        const reviewStatus: ItemReviewStatus = !flagged
          ? 'none'
          : prev?.reviewStatus === 'reviewed'
            ? 'reviewed'
            : 'open';
        const row = new ItemStatistic();
        Object.assign(row, {
          campaignId,
          scope,
          itemId: q.itemId,
          versionId: s.itemId,
          questionType: q.type,
          sourceKey: q.sourceKey.slice(0, 64),
          n: s.n,
          facility: e4(s.facility),
          discriminationUl: e4n(s.discriminationUL),
          pointBiserial: e4n(s.pointBiserial),
          options: s.options,
          flags: s.flags,
          reviewStatus,
          reviewNote: prev?.reviewNote ?? null,
          reviewedBy: prev?.reviewedBy ?? null,
          reviewedAt: prev?.reviewedAt ?? null,
          computedAt: now,
        });
        return row;
      });
      for (let i = 0; i < entities.length; i += 200) {
        await m
          .createQueryBuilder()
          .insert()
          .into(ItemStatistic)
          .values(entities.slice(i, i + 200))
          .updateEntity(false)
          .execute();
      }
      await m.delete(FormReliability, { campaignId, scope });
      const reliability = [...byDiscipline.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([discipline, forms]) => {
          const r = new FormReliability();
          Object.assign(r, {
            campaignId,
            scope,
            discipline,
            candidates: forms.length,
            itemsPerPaper: Math.round(forms.reduce((s, f) => s + f.size, 0) / forms.length),
            kr20: e4n(kr20RandomForms(forms)),
            method: KR20_METHOD,
            computedAt: now,
          });
          return r;
        });
      if (reliability.length > 0) {
        await m.insert(FormReliability, reliability);
      }
      const flagged = entities.filter((e) => e.flags.length > 0).length;
      newlyFlagged = entities.filter((e) => e.reviewStatus === 'open').map((e) => e.itemId);
      await this.audit.record(
        actor,
        {
          action: 'scoring.item-analysis',
          target: sittingId ? `sitting:${sittingId}` : `campaign:${campaignId}`,
          details: { campaignId, scope, candidates: rows.length, items: entities.length, flagged },
        },
        m,
      );
      return {
        scope,
        candidates: rows.length,
        items: entities.length,
        flagged,
        reliability: await m.find(FormReliability, {
          where: { campaignId, scope },
          order: { discipline: 'ASC' },
        }),
      };
    });
    // The bank's review queue takes flagged items (scoring may not call the bank back, so it is told).
    await this.events.emitAsync(REVIEW_ENQUEUE, {
      itemIds: [...new Set(newlyFlagged)],
      reason: 'item-analysis',
      detail: `题目分析（批次 ${campaignId}${sittingId ? `，场次 ${sittingId}` : ''}）标记：区分度为负或难度极端`,
      by: actorRef(actor),
    } satisfies ReviewEnqueueEvent);
    return result;
  }

  async statistics(
    actor: Actor,
    campaignId: number,
    opts: { sittingId?: number; flaggedOnly?: boolean },
  ): Promise<{ items: Array<ItemStatistic & { code: string | null }>; reliability: FormReliability[] }> {
    assertAdmin(actor);
    const scope = opts.sittingId ? `sitting:${opts.sittingId}` : 'campaign';
    const qb = this.ds
      .getRepository(ItemStatistic)
      .createQueryBuilder('s')
      .where('s.campaignId = :campaignId AND s.scope = :scope', { campaignId, scope })
      .orderBy('s.facility', 'ASC')
      .addOrderBy('s.versionId', 'ASC');
    if (opts.flaggedOnly) {
      qb.andWhere(`s.reviewStatus <> 'none'`);
    }
    const items = await qb.getMany();
    const codes = await this.itemCodes(items.map((i) => i.itemId));
    const reliability = await this.ds
      .getRepository(FormReliability)
      .find({ where: { campaignId, scope }, order: { discipline: 'ASC' } });
    return { items: items.map((i) => Object.assign(i, { code: codes.get(i.itemId) ?? null })), reliability };
  }

  /** Flagged items awaiting review, across campaigns (the admin's review list). */
  async openFlags(actor: Actor): Promise<Array<ItemStatistic & { code: string | null }>> {
    assertAdmin(actor);
    const items = await this.ds
      .getRepository(ItemStatistic)
      .find({ where: { reviewStatus: 'open' }, order: { campaignId: 'DESC', itemId: 'ASC' }, take: 1000 });
    const codes = await this.itemCodes(items.map((i) => i.itemId));
    return items.map((i) => Object.assign(i, { code: codes.get(i.itemId) ?? null }));
  }

  async review(actor: Actor, statisticId: number, note: string): Promise<ItemStatistic> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const s = await m.findOne(ItemStatistic, { where: { id: statisticId } });
      if (!s) {
        throw new NotFoundError('题目分析记录', statisticId);
      }
      const now = new Date();
      await m.update(
        ItemStatistic,
        { id: s.id },
        { reviewStatus: 'reviewed', reviewNote: note, reviewedBy: actor.id, reviewedAt: now },
      );
      await this.audit.record(
        actor,
        {
          action: 'scoring.item-review',
          target: `item:${s.itemId}`,
          details: { statisticId, campaignId: s.campaignId, versionId: s.versionId, flags: s.flags, note },
        },
        m,
      );
      return m.findOneByOrFail(ItemStatistic, { id: s.id });
    });
  }

  private async itemCodes(itemIds: number[]): Promise<Map<number, string>> {
    const ids = [...new Set(itemIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const rows: Array<{ id: number; code: string }> = await this.ds.query(
      `SELECT id, code FROM qb_items WHERE id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    return new Map(rows.map((r) => [Number(r.id), r.code]));
  }
}
