import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { User } from '../../auth/user.entity';
import { Actor, actorRef, StaffActor } from '../../common/actor';
import { ConflictError, NotFoundError, OwnershipError, RuleViolationError } from '../../common/domain-error';
import { assertAdmin } from '../../common/ownership';
import { inTransaction } from '../../database/transaction';
import { QuestionItemVersion } from '../entities/question-item-version.entity';
import { QuestionItem } from '../entities/question-item.entity';
import { QuestionSource } from '../entities/question-source.entity';
import { verifyBasis } from '../files/basis-check';
import { parseArticleRef } from '../files/chinese-numeral';
import { LawLibrary, lawLibraryOf } from '../files/law-library';
import { ApproveItemDto } from '../dto/item.dto';
import { QuestionBankService } from '../question-bank.service';
import type { ItemStatus } from '../question-type';
import {
  DecideResultDto,
  DecisionResponseDto,
  EnqueueItemDto,
  MarkSourceDto,
  QueueReasonEntry,
  QueueResponseDto,
  QueueRowDto,
  ReviewDecisionDto,
  ReviewItemDto,
  ReviewQueueQueryDto,
  SourceTextDto,
} from './dto/review.dto';
import { ReviewDecision } from './review-decision.entity';
import { REVIEW_ENQUEUE, ReviewEnqueueEvent } from './review-events';
import { ReviewQueueEntry } from './review-queue-entry.entity';
import {
  approvalFloor,
  countingApprovers,
  DecisionChannel,
  DEFAULT_REVIEWERS_REQUIRED,
  decisionName,
  isApprovedBy,
  QueuedReason,
  reasonName,
} from './review-rules';
import { ReviewSetting } from './review-setting.entity';
import { SourceText, SourceTextPart } from './source-text.entity';
import { lockForUpdate } from '../../database/sql';

/** Characters per stored part of an official text (4 bytes each at most: well inside a MySQL TEXT). */
const TEXT_PART_CHARS = 15_000;
const IN_CHUNK = 500;
/** The name an official text goes by inside the one-file library the verbatim check is given. */
const OFFICIAL = '(official text)';

/** Administrators and reviewers (评审专家) review; proctors do not. */
export function assertReviewer(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff' || (actor.role !== 'admin' && actor.role !== 'reviewer')) {
    throw new OwnershipError('仅评审专家或管理员可执行此操作');
  }
}

/**
 * Expert review of the bank. The queue is every draft not sent back for change, plus every item with an open
 * queue entry (its source changed, the item analysis flagged it, an objection named it). A reviewer sees the
 * item with its key, basis and the cited article's full text and decides; an item is approved once the bank's
 * number of different reviewers approved its current version (review-rules.ts). Every decision is audited.
 */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly bank: QuestionBankService,
    private readonly audit: AuditService,
  ) {}

  // ---- settings ----

  async reviewersRequired(m: EntityManager = this.ds.manager): Promise<number> {
    const row = await m.findOne(ReviewSetting, { where: { id: 1 } });
    return row?.reviewersRequired ?? DEFAULT_REVIEWERS_REQUIRED;
  }

  async settings(actor: Actor): Promise<{ reviewersRequired: number }> {
    assertReviewer(actor);
    return { reviewersRequired: await this.reviewersRequired() };
  }

  async updateSettings(actor: Actor, reviewersRequired: number): Promise<{ reviewersRequired: number }> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const before = await this.reviewersRequired(m);
      if (before !== reviewersRequired) {
        await m.save(
          m.create(ReviewSetting, {
            id: 1,
            reviewersRequired,
            updatedBy: actorRef(actor),
            updatedAt: new Date(),
          }),
        );
        await this.audit.record(
          actor,
          {
            action: 'qbank.review.settings',
            target: 'question-bank',
            details: { from: before, to: reviewersRequired },
          },
          m,
        );
      }
      return { reviewersRequired };
    });
  }

  // ---- the queue ----

  async queue(actor: Actor, query: ReviewQueueQueryDto): Promise<QueueResponseDto> {
    assertReviewer(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const rows = await this.queueRows(this.ds.manager, actor, query);
    return {
      total: rows.length,
      page,
      pageSize,
      reviewersRequired: await this.reviewersRequired(),
      items: rows.slice((page - 1) * pageSize, page * pageSize),
    };
  }

  /** The whole queue under the filters, ordered by source, article and code. */
  async queueRows(m: EntityManager, actor: StaffActor, query: ReviewQueueQueryDto): Promise<QueueRowDto[]> {
    await inTransaction(this.ds, (tx) => this.syncSourceChanges(tx));
    const entries = await m.find(ReviewQueueEntry, { where: { resolvedAt: IsNull() } });
    const drafts: Array<{ id: number }> = await m
      .createQueryBuilder(QuestionItem, 'i')
      .select('i.id AS id')
      .where(`i.status = 'draft'`)
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM qb_review_decisions d WHERE d.version_id = i.current_version_id AND d.decision = 'request-change')`,
      )
      .getRawMany();
    const reasons = new Map<number, QueueReasonEntry[]>();
    const floors = new Map<number, number[]>();
    for (const d of drafts) {
      reasons.set(Number(d.id), [{ reason: 'new-draft', detail: '新拟或修改后的题目', at: null }]);
    }
    for (const e of entries) {
      reasons.set(e.itemId, [
        ...(reasons.get(e.itemId) ?? []),
        { reason: e.reason, detail: e.detail, at: e.createdAt.toISOString() },
      ]);
      floors.set(e.itemId, [...(floors.get(e.itemId) ?? []), e.decisionFloor]);
    }
    const ids = [...reasons.entries()]
      .filter(([, rs]) => !query.reason || rs.some((r) => r.reason === query.reason))
      .map(([id]) => id);
    const out: QueueRowDto[] = [];
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const chunk = ids.slice(i, i + IN_CHUNK);
      const rows = await this.bank
        .filtered({ source: query.source, discipline: query.discipline })
        .andWhere('i.id IN (:...chunk)', { chunk })
        .andWhere(`i.status <> 'retired'`)
        .select([
          'i.id AS id',
          'i.code AS code',
          'i.status AS status',
          'v.id AS versionId',
          'v.version_no AS versionNo',
          'v.type AS type',
          'v.stem AS stem',
          'v.article AS article',
          'v.disciplines AS disciplines',
          's.key AS sourceKey',
        ])
        .getRawMany<Record<string, unknown>>();
      const decisions = await m.find(ReviewDecision, {
        where: { versionId: In(rows.map((r) => Number(r.versionId))) },
      });
      for (const r of rows) {
        const id = Number(r.id);
        const onVersion = decisions.filter((d) => d.versionId === Number(r.versionId));
        const approvers = countingApprovers(onVersion, approvalFloor(onVersion, floors.get(id) ?? []));
        out.push({
          id,
          code: String(r.code),
          status: String(r.status),
          versionId: Number(r.versionId),
          versionNo: Number(r.versionNo),
          type: String(r.type),
          stem: String(r.stem),
          sourceKey: String(r.sourceKey),
          article: String(r.article),
          disciplines: JSON.parse(String(r.disciplines)) as string[],
          reasons: reasons.get(id) ?? [],
          approvals: approvers.length,
          approvedByMe: approvers.includes(actor.id),
        });
      }
    }
    return out.sort(
      (a, b) =>
        a.sourceKey.localeCompare(b.sourceKey) ||
        (parseArticleRef(a.article) ?? 0) - (parseArticleRef(b.article) ?? 0) ||
        a.code.localeCompare(b.code),
    );
  }

  /** One item as the reviewer sees it: content, key, basis, the cited article's text, reasons and history. */
  async item(actor: Actor, id: number): Promise<ReviewItemDto> {
    assertReviewer(actor);
    const m = this.ds.manager;
    const item = await m.findOne(QuestionItem, { where: { id } });
    if (!item) {
      throw new NotFoundError('题目', id);
    }
    const v = await m.findOneOrFail(QuestionItemVersion, {
      where: { id: item.currentVersionId! },
      relations: { source: true },
    });
    const source = v.source!;
    const law = await this.lawOf(m, source);
    const verdict = verifyBasis({ basis: v.basis, source: { article: v.article } }, law.source, law.laws);
    const number = parseArticleRef(v.article);
    const article =
      number !== null && law.laws && law.source.lawFile
        ? law.laws.get(law.source.lawFile)?.articles.get(number)
        : undefined;
    const decisions = await m.find(ReviewDecision, { where: { itemId: id }, order: { id: 'ASC' } });
    const entries = await m.find(ReviewQueueEntry, { where: { itemId: id, resolvedAt: IsNull() } });
    const onVersion = decisions.filter((d) => d.versionId === v.id);
    const approvers = countingApprovers(
      onVersion,
      approvalFloor(
        onVersion,
        entries.map((e) => e.decisionFloor),
      ),
    );
    const reasons: QueueReasonEntry[] = [
      ...(item.status === 'draft' && !onVersion.some((d) => d.decision === 'request-change')
        ? [{ reason: 'new-draft' as const, detail: '新拟或修改后的题目', at: null }]
        : []),
      ...entries.map((e) => ({ reason: e.reason, detail: e.detail, at: e.createdAt.toISOString() })),
    ];
    const official = law.official;
    return {
      id,
      code: item.code,
      status: item.status,
      statusReason: item.statusReason,
      version: {
        id: v.id,
        versionNo: v.versionNo,
        type: v.type,
        stem: v.stem,
        options: v.options,
        answer: v.answer,
        article: v.article,
        basis: v.basis,
        explanation: v.explanation,
        disciplines: v.disciplines,
        difficulty: v.difficulty,
      },
      source: {
        key: source.key,
        title: source.title,
        status: source.status,
        supersededBy: source.supersededBy ?? null,
        supersededFrom: source.supersededFrom ?? null,
        lawFile: source.lawFile,
        officialText: official
          ? {
              id: official.id,
              chars: official.chars,
              fileName: official.fileName,
              at: official.createdAt.toISOString(),
            }
          : null,
      },
      articleText: article ? { text: article.text, from: law.from ?? 'law-file' } : null,
      basisCheck:
        verdict.status === 'verified'
          ? { status: 'verified' }
          : { status: verdict.status, reason: verdict.reason },
      reasons,
      reviewersRequired: await this.reviewersRequired(m),
      approvers,
      decisions: decisions.map(toDecisionResponse),
    };
  }

  /** The review history of an item (administrators see it beside the item). */
  async decisions(actor: Actor, itemId: number): Promise<DecisionResponseDto[]> {
    assertReviewer(actor);
    const rows = await this.ds
      .getRepository(ReviewDecision)
      .find({ where: { itemId }, order: { id: 'ASC' } });
    return rows.map(toDecisionResponse);
  }

  // ---- decisions ----

  async decide(
    actor: Actor,
    itemId: number,
    dto: ReviewDecisionDto,
    channel: DecisionChannel = 'app',
  ): Promise<DecideResultDto> {
    assertReviewer(actor);
    return inTransaction(this.ds, (m) => this.decideIn(m, actor, itemId, dto, channel));
  }

  /**
   * Records one decision inside the caller's transaction (the Excel import runs every row in one). Throws a
   * domain error, naming the problem in Chinese, when the decision is not allowed.
   */
  async decideIn(
    m: EntityManager,
    actor: StaffActor,
    itemId: number,
    dto: ReviewDecisionDto,
    channel: DecisionChannel,
  ): Promise<DecideResultDto> {
    const qb = m.createQueryBuilder(QuestionItem, 'i').where('i.id = :itemId', { itemId });
    // Two reviewers deciding at once must not both see "one approval so far".
    lockForUpdate(m, qb);
    const item = await qb.getOne();
    if (!item) {
      throw new NotFoundError('题目', itemId);
    }
    if (item.status === 'retired') {
      throw new ConflictError(`题目 ${item.code} 已停用，不能再评审`, 'already_retired');
    }
    const v = await m.findOneOrFail(QuestionItemVersion, {
      where: { id: item.currentVersionId! },
      relations: { source: true },
    });
    if (dto.versionNo !== undefined && dto.versionNo !== v.versionNo) {
      throw new ConflictError(
        `题目 ${item.code} 已修改为第 ${v.versionNo} 版（您评审的是第 ${dto.versionNo} 版），请按新版本评审`,
        'stale_version',
      );
    }
    const source = v.source!;
    const entries = await m.find(ReviewQueueEntry, { where: { itemId, resolvedAt: IsNull() } });
    const onVersion = await m.find(ReviewDecision, { where: { versionId: v.id }, order: { id: 'ASC' } });
    const floor = approvalFloor(
      onVersion,
      entries.map((e) => e.decisionFloor),
    );
    const before = countingApprovers(onVersion, floor);
    const law = await this.lawOf(m, source);
    const verdict = verifyBasis({ basis: v.basis, source: { article: v.article } }, law.source, law.laws);
    const comment = dto.comment?.trim() || null;
    const sourceStatus = source.status as string;
    switch (dto.decision) {
      case 'approve': {
        if (item.status === 'approved' && entries.length === 0) {
          throw new ConflictError(`题目 ${item.code} 已批准`, 'already_approved');
        }
        if (before.includes(actor.id)) {
          throw new ConflictError(
            `您已批准过题目 ${item.code} 的第 ${v.versionNo} 版，还需另一位评审专家批准`,
            'already_approved_by_you',
          );
        }
        if (sourceStatus === 'superseded' || sourceStatus === 'repealed') {
          throw new RuleViolationError(
            `来源「${source.key}」已不是现行有效版本，其题目不能批准`,
            'source_not_in_force',
          );
        }
        if (sourceStatus === 'partially-superseded' && !dto.checkedArticle) {
          throw new RuleViolationError(
            `来源「${source.key}」已被《${source.supersededBy ?? '新法规'}》部分替代：请填写已对照的新法规条款（checkedArticle）后再批准`,
            'checked_article_required',
          );
        }
        if (verdict.status !== 'verified' && !dto.reviewerNote) {
          throw new RuleViolationError(
            `依据无法与法规全文核对：${verdict.reason}。如已对照原文确认无误，请填写审核说明（reviewerNote）后再批准`,
            'basis_unverified',
            { basisCheck: verdict.status, reason: verdict.reason },
          );
        }
        break;
      }
      case 'request-change':
      case 'reject':
        if (!comment) {
          throw new RuleViolationError(`${decisionName(dto.decision)}须填写评审意见`, 'comment_required', {
            errors: [{ field: 'comment', reason: '请填写意见' }],
          });
        }
        break;
    }
    const now = new Date();
    // Decisions and checks name the person as the bureau knows them (the account's display name).
    const who =
      (await m.findOne(User, { select: { id: true, displayName: true }, where: { id: actor.id } }))
        ?.displayName ?? actor.username;
    const saved = await m.save(
      m.create(ReviewDecision, {
        itemId,
        versionId: v.id,
        versionNo: v.versionNo,
        reviewerId: actor.id,
        reviewerName: who.slice(0, 64),
        decision: dto.decision,
        comment:
          [comment, dto.reviewerNote ? `审核说明：${dto.reviewerNote}` : null]
            .filter(Boolean)
            .join('；')
            .slice(0, 1000) || null,
        basisCheck: verdict.status,
        checkedArticle: dto.checkedArticle ?? null,
        channel,
        createdAt: now,
      }),
    );
    const required = await this.reviewersRequired(m);
    const approvers = dto.decision === 'approve' ? [...before, actor.id] : [];
    let status: ItemStatus = item.status;
    const resolve = async () => {
      if (entries.length > 0) {
        await m.update(
          ReviewQueueEntry,
          { id: In(entries.map((e) => e.id)) },
          { resolvedAt: now, resolvedByDecision: saved.id },
        );
      }
    };
    switch (dto.decision) {
      case 'approve':
        if (isApprovedBy(approvers, required)) {
          status = 'approved';
          const reason = comment ?? (required > 1 ? `${approvers.length} 位评审专家批准` : '评审批准');
          await m.update(
            QuestionItem,
            { id: itemId },
            {
              status: 'approved',
              statusReason: reason.slice(0, 500),
              statusChangedAt: now,
              updatedAt: now,
              ...(sourceStatus === 'partially-superseded'
                ? {
                    checkedAgainst: {
                      document: source.supersededBy ?? '',
                      article: dto.checkedArticle!,
                      by: who,
                      date: now.toISOString().slice(0, 10),
                      ...(comment ? { note: comment } : {}),
                    },
                  }
                : {}),
            },
          );
          await resolve();
          await this.audit.record(
            actor,
            {
              action: 'qbank.item.approve',
              target: `question:${item.code}`,
              details: {
                itemId,
                versionId: v.id,
                versionNo: v.versionNo,
                from: item.status,
                reason,
                approvers,
                reviewersRequired: required,
                basisCheck: verdict.status,
                ...(verdict.status !== 'verified' ? { basisCheckReason: verdict.reason } : {}),
                ...(dto.reviewerNote ? { reviewerNote: dto.reviewerNote } : {}),
              },
            },
            m,
          );
        }
        break;
      case 'request-change':
        status = 'draft';
        await m.update(
          QuestionItem,
          { id: itemId },
          {
            status: 'draft',
            statusReason: `评审退回修改：${comment}`.slice(0, 500),
            statusChangedAt: now,
            updatedAt: now,
          },
        );
        await resolve();
        break;
      case 'reject':
        status = 'retired';
        await m.update(
          QuestionItem,
          { id: itemId },
          {
            status: 'retired',
            statusReason: `评审否决：${comment}`.slice(0, 500),
            statusChangedAt: now,
            updatedAt: now,
          },
        );
        await resolve();
        break;
    }
    await this.audit.record(
      actor,
      {
        action: `qbank.review.${dto.decision}`,
        target: `question:${item.code}`,
        details: {
          itemId,
          decisionId: saved.id,
          versionId: v.id,
          versionNo: v.versionNo,
          from: item.status,
          to: status,
          channel,
          comment,
          basisCheck: verdict.status,
          ...(dto.reviewerNote ? { reviewerNote: dto.reviewerNote } : {}),
          ...(dto.checkedArticle ? { checkedArticle: dto.checkedArticle } : {}),
          approvals: approvers.length,
          reviewersRequired: required,
        },
      },
      m,
    );
    return {
      id: itemId,
      code: item.code,
      status,
      versionNo: v.versionNo,
      approvals: approvers.length,
      reviewersRequired: required,
      basisCheck: verdict.status,
      ...(verdict.status !== 'verified' ? { basisCheckReason: verdict.reason } : {}),
    };
  }

  /**
   * The administrators' approve button on the item page: one approval by the administrator, under the same
   * rules as a reviewer's (the item is approved once enough different people approved its current version).
   */
  async approveAsAdmin(actor: Actor, itemId: number, dto: ApproveItemDto): Promise<DecideResultDto> {
    assertAdmin(actor);
    return inTransaction(this.ds, (m) =>
      this.decideIn(
        m,
        actor as StaffActor,
        itemId,
        {
          decision: 'approve',
          comment: dto.reason,
          ...(dto.reviewerNote ? { reviewerNote: dto.reviewerNote } : {}),
        },
        'admin',
      ),
    );
  }

  // ---- putting items into the queue ----

  /**
   * Marks a source superseded or partially superseded by a newer rule from a date, and puts every approved
   * item citing it into the queue (reason source-changed).
   */
  async markSource(
    actor: Actor,
    key: string,
    dto: MarkSourceDto,
  ): Promise<{ key: string; status: string; queued: number }> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const source = await m.findOne(QuestionSource, { where: { key } });
      if (!source) {
        throw new NotFoundError('来源', key);
      }
      if (dto.supersededBy === key) {
        throw new RuleViolationError('来源不能被自身替代', 'invalid_superseded_by');
      }
      const newer = await m.findOne(QuestionSource, { where: { key: dto.supersededBy } });
      if (!newer) {
        throw new RuleViolationError(
          `未知的来源「${dto.supersededBy}」：请先导入替代它的新法规`,
          'unknown_source',
          {
            errors: [{ field: 'supersededBy', reason: `未知的来源「${dto.supersededBy}」` }],
          },
        );
      }
      const now = new Date();
      await m.update(
        QuestionSource,
        { id: source.id },
        {
          status: dto.status,
          supersededBy: dto.supersededBy,
          supersededFrom: dto.supersededFrom,
          updatedAt: now,
        },
      );
      const how = dto.status === 'superseded' ? '替代' : '部分替代';
      const queued = await this.enqueueSourceItems(
        m,
        actor,
        source.id,
        `《${source.key}》自 ${dto.supersededFrom} 起被《${dto.supersededBy}》${how}`,
      );
      await this.audit.record(
        actor,
        {
          action: 'qbank.source.currency',
          target: `source:${source.key}`,
          details: {
            from: source.status,
            to: dto.status,
            supersededBy: dto.supersededBy,
            supersededFrom: dto.supersededFrom,
            queued,
            ...(dto.note ? { note: dto.note } : {}),
          },
        },
        m,
      );
      return { key, status: dto.status, queued };
    });
  }

  /** An administrator puts an item before the reviewers (an objection named it, or the item analysis). */
  async enqueue(
    actor: Actor,
    itemId: number,
    dto: EnqueueItemDto,
  ): Promise<{ id: number; code: string; reason: string }> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const item = await m.findOne(QuestionItem, { where: { id: itemId } });
      if (!item) {
        throw new NotFoundError('题目', itemId);
      }
      if (item.status === 'retired') {
        throw new ConflictError(`题目 ${item.code} 已停用`, 'already_retired');
      }
      await this.addEntries(m, actorRef(actor), [item.id], dto.reason, dto.note);
      await this.audit.record(
        actor,
        {
          action: 'qbank.review.enqueue',
          target: `question:${item.code}`,
          details: { itemId, reason: dto.reason, note: dto.note },
        },
        m,
      );
      return { id: item.id, code: item.code, reason: dto.reason };
    });
  }

  /** Items flagged elsewhere (the scoring item analysis) join the queue; an item already queued for it is not added twice. */
  @OnEvent(REVIEW_ENQUEUE, { async: true, promisify: true })
  async onEnqueue(e: ReviewEnqueueEvent): Promise<void> {
    if (e.itemIds.length === 0) {
      return;
    }
    await inTransaction(this.ds, async (m) => {
      const open = await m.find(ReviewQueueEntry, {
        where: { itemId: In(e.itemIds), reason: e.reason, resolvedAt: IsNull() },
      });
      const live = await m.find(QuestionItem, {
        select: { id: true, status: true },
        where: { id: In(e.itemIds) },
      });
      const fresh = live
        .filter((i) => i.status !== 'retired' && !open.some((o) => o.itemId === i.id))
        .map((i) => i.id);
      await this.addEntries(m, e.by, fresh, e.reason, e.detail);
      if (fresh.length > 0) {
        await this.audit.record(
          'system',
          {
            action: 'qbank.review.enqueue',
            target: 'question-bank',
            details: { reason: e.reason, itemIds: fresh, detail: e.detail },
          },
          m,
        );
      }
    });
  }

  // ---- official texts ----

  /**
   * Stores an official text for a source that has no law file. It is kept with the source version, shown to
   * reviewers and used by the verbatim check of the source's bases from now on; when it replaces a different
   * text, the source's approved items join the queue (their source's text changed).
   */
  async putSourceText(
    actor: Actor,
    key: string,
    dto: SourceTextDto,
  ): Promise<{ id: number; chars: number; articles: number; queued: number; unchanged: boolean }> {
    assertReviewer(actor);
    return inTransaction(this.ds, async (m) => {
      const source = await m.findOne(QuestionSource, { where: { key } });
      if (!source) {
        throw new NotFoundError('来源', key);
      }
      if (source.lawFile) {
        throw new ConflictError(
          `来源「${key}」在法规库中已有全文（${source.lawFile}），无需另行提供`,
          'has_law_file',
        );
      }
      const text = dto.text.replace(/\r\n?/g, '\n');
      const articles = lawLibraryOf({ [OFFICIAL]: text }).get(OFFICIAL)!.articles.size;
      if (articles === 0) {
        throw new RuleViolationError(
          '文本中找不到“第N条”开头的条文，请按每条一行粘贴官方文本',
          'no_articles',
        );
      }
      const sha256 = createHash('sha256').update(text).digest('hex');
      const previous = await this.latestText(m, source.id);
      if (previous?.sha256 === sha256) {
        return { id: previous.id, chars: previous.chars, articles, queued: 0, unchanged: true };
      }
      const now = new Date();
      const row = await m.save(
        m.create(SourceText, {
          sourceId: source.id,
          versionDate: source.versionDate,
          fileName: dto.fileName ?? null,
          chars: text.length,
          sha256,
          createdBy: actorRef(actor),
          createdAt: now,
        }),
      );
      const parts: Array<Partial<SourceTextPart>> = [];
      for (let i = 0, n = 0; i < text.length; i += TEXT_PART_CHARS, n++) {
        parts.push({ textId: row.id, partNo: n, body: text.slice(i, i + TEXT_PART_CHARS) });
      }
      for (const p of parts) {
        await m.insert(SourceTextPart, p);
      }
      const queued = previous
        ? await this.enqueueSourceItems(m, actor, source.id, `《${source.key}》的官方文本已更新`)
        : 0;
      await this.audit.record(
        actor,
        {
          action: 'qbank.source.text',
          target: `source:${source.key}`,
          details: {
            textId: row.id,
            chars: text.length,
            sha256,
            articles,
            replaced: previous?.id ?? null,
            queued,
          },
        },
        m,
      );
      return { id: row.id, chars: text.length, articles, queued, unchanged: false };
    });
  }

  /** The official text of a source (newest), or null. */
  async sourceText(
    actor: Actor,
    key: string,
  ): Promise<{ text: string; fileName: string | null; at: string } | null> {
    assertReviewer(actor);
    const source = await this.ds.getRepository(QuestionSource).findOne({ where: { key } });
    if (!source) {
      throw new NotFoundError('来源', key);
    }
    const t = await this.latestText(this.ds.manager, source.id);
    return t ? { text: t.body, fileName: t.fileName, at: t.createdAt.toISOString() } : null;
  }

  /** The law texts a source's bases are checked against: its law file, else its official text. */
  async lawOf(
    m: EntityManager,
    source: QuestionSource,
  ): Promise<{
    laws: LawLibrary | null;
    source: { key: string; lawFile?: string };
    from: 'law-file' | 'official-text' | null;
    official: (SourceText & { body: string }) | null;
  }> {
    if (source.lawFile) {
      return {
        laws: this.bank.lawLibrary(),
        source: { key: source.key, lawFile: source.lawFile },
        from: 'law-file',
        official: null,
      };
    }
    const official = await this.latestText(m, source.id);
    if (official) {
      return {
        laws: lawLibraryOf({ [OFFICIAL]: official.body }),
        source: { key: source.key, lawFile: OFFICIAL },
        from: 'official-text',
        official,
      };
    }
    return { laws: this.bank.lawLibrary(), source: { key: source.key }, from: null, official: null };
  }

  private async latestText(
    m: EntityManager,
    sourceId: number,
  ): Promise<(SourceText & { body: string }) | null> {
    const row = await m.findOne(SourceText, { where: { sourceId }, order: { id: 'DESC' } });
    if (!row) {
      return null;
    }
    const parts = await m.find(SourceTextPart, { where: { textId: row.id }, order: { partNo: 'ASC' } });
    return Object.assign(row, { body: parts.map((p) => p.body).join('') });
  }

  /**
   * Sources can change status outside this service too (the bank files mark 危险化学品安全管理条例 partially
   * superseded, and the import applies it). Every approved item that such a change leaves unchecked joins the
   * queue once: an item of a superseded or repealed source, or of a partially superseded source without a
   * record of the check against the newer rule. Idempotent: an item with an open source-changed entry is skipped,
   * and a decision takes the item out of the condition (rejected, sent back, or approved with the check).
   */
  async syncSourceChanges(m: EntityManager): Promise<number> {
    const rows: Array<{
      id: number | string;
      sourceKey: string;
      status: string;
      supersededBy: string | null;
      supersededFrom: string | null;
    }> = await m
      .createQueryBuilder(QuestionItem, 'i')
      .innerJoin(QuestionItemVersion, 'v', 'v.id = i.currentVersionId')
      .innerJoin(QuestionSource, 's', 's.id = v.sourceId')
      .select([
        'i.id AS id',
        's.key AS sourceKey',
        's.status AS status',
        's.superseded_by AS supersededBy',
        's.superseded_from AS supersededFrom',
      ])
      .where(`i.status = 'approved'`)
      .andWhere(
        new Brackets((w) => {
          w.where(`s.status IN ('superseded', 'repealed')`).orWhere(
            `s.status = 'partially-superseded' AND i.checked_against IS NULL`,
          );
        }),
      )
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM qb_review_queue q WHERE q.item_id = i.id AND q.reason = 'source-changed' AND q.resolved_at IS NULL)`,
      )
      .getRawMany();
    const bySource = new Map<string, { ids: number[]; detail: string }>();
    for (const r of rows) {
      const how = r.status === 'repealed' ? '已废止' : r.status === 'superseded' ? '被替代' : '被部分替代';
      const detail = `《${r.sourceKey}》${r.supersededFrom ? `自 ${r.supersededFrom} 起` : ''}${r.supersededBy ? `被《${r.supersededBy}》${how.slice(1)}` : how}，题目尚未对照核对`;
      const entry = bySource.get(r.sourceKey) ?? { ids: [], detail };
      entry.ids.push(Number(r.id));
      bySource.set(r.sourceKey, entry);
    }
    for (const [key, e] of bySource) {
      await this.addEntries(m, 'system', e.ids, 'source-changed', e.detail);
      await this.audit.record(
        'system',
        {
          action: 'qbank.review.enqueue',
          target: `source:${key}`,
          details: { reason: 'source-changed', itemIds: e.ids },
        },
        m,
      );
    }
    return rows.length;
  }

  private async enqueueSourceItems(
    m: EntityManager,
    actor: Actor,
    sourceId: number,
    detail: string,
  ): Promise<number> {
    const rows: Array<{ id: number }> = await m
      .createQueryBuilder(QuestionItem, 'i')
      .innerJoin(QuestionItemVersion, 'v', 'v.id = i.currentVersionId')
      .select('i.id AS id')
      .where('v.sourceId = :sourceId', { sourceId })
      .andWhere(`i.status = 'approved'`)
      .getRawMany();
    const ids = rows.map((r) => Number(r.id));
    await this.addEntries(m, actorRef(actor), ids, 'source-changed', detail);
    return ids.length;
  }

  private async addEntries(
    m: EntityManager,
    by: string,
    itemIds: number[],
    reason: QueuedReason,
    detail: string,
  ): Promise<void> {
    if (itemIds.length === 0) {
      return;
    }
    const top: Array<{ n: number | string | null }> = await m.query(
      `SELECT MAX(id) AS n FROM qb_review_decisions`,
    );
    const floor = Number(top[0]?.n ?? 0);
    const now = new Date();
    for (let i = 0; i < itemIds.length; i += 200) {
      await m.insert(
        ReviewQueueEntry,
        itemIds.slice(i, i + 200).map((itemId) => ({
          itemId,
          reason,
          detail: `${reasonName(reason)}：${detail}`.slice(0, 500),
          decisionFloor: floor,
          createdBy: by,
          createdAt: now,
          resolvedAt: null,
          resolvedByDecision: null,
        })),
      );
    }
  }
}

function toDecisionResponse(d: ReviewDecision): DecisionResponseDto {
  return {
    id: d.id,
    versionNo: d.versionNo,
    reviewerId: d.reviewerId,
    reviewerName: d.reviewerName,
    decision: d.decision,
    comment: d.comment,
    basisCheck: d.basisCheck,
    checkedArticle: d.checkedArticle,
    channel: d.channel,
    at: d.createdAt.toISOString(),
  };
}
