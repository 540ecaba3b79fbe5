import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { RuleViolationError } from '../common/domain-error';
import type { BankIssue, BankSource } from './files/bank-format';
import { contentHash } from './files/content-hash';
import {
  countPlan,
  ExistingItemState,
  ImportCounts,
  ImportPlan,
  IncomingItem,
  PlannedChange,
  planImport,
} from './files/import-plan';
import type { CheckedItem } from './files/validate-bank';
import { QuestionItemDiscipline } from './entities/question-item-discipline.entity';
import { QuestionItemVersion } from './entities/question-item-version.entity';
import { QuestionItem } from './entities/question-item.entity';
import { QuestionSource } from './entities/question-source.entity';
import type { ItemStatus } from './question-type';
import { chunks } from '../database/sql';

/** Rows per INSERT (well under SQLite's 32,766 bound variables and MySQL's packet limit). */
const CHUNK = 200;

export interface ImportRequest {
  mode: 'files' | 'upload';
  /** Items that passed checkBank, and the sources the input declared. */
  items: readonly CheckedItem[];
  sources: readonly BankSource[];
  /** "file:laws/x.yaml" for the shipped files, "upload" otherwise. */
  originOf: (item: CheckedItem) => string;
  /** Recorded as the new versions' change note and the status reason, e.g. "导入 laws/x.yaml". */
  noteOf: (item: CheckedItem) => string;
  actor: Actor | 'system';
  /** 'qbank.import' (the shipped files) or 'qbank.upload'. */
  action: string;
  auditTarget: string;
  auditDetails?: Record<string, unknown>;
  /** Plan and check only: nothing is written and nothing audited. */
  dryRun?: boolean;
  /** Names the spreadsheet column of a field in refusals (Excel uploads). */
  columnOf?: (field?: string) => string | undefined;
  /**
   * Uploads while the bank needs two reviewers: an item the upload would make approved (new, newly approved or
   * with new content) comes in as a draft for the reviewers instead, so no upload skips the review.
   */
  approvalsNeedReview?: boolean;
}

export interface ImportResult extends ImportCounts {
  /** Items the input marked approved that came in as drafts for the reviewers (see approvalsNeedReview). */
  approvalsDeferred: number;
  sourcesAdded: number;
  sourcesUpdated: number;
  /** Codes of items once imported from the files that the files no longer contain. */
  missingCodes: string[];
  dryRun: boolean;
}

/**
 * Writes checked bank content into the database in batches (one transaction, given as the manager): sources
 * upserted by key, new items with their first version, new versions for changed content, statuses applied,
 * discipline tags kept in step with the current version, and one audit record with the counts.
 * Versions are only ever inserted. Nothing is deleted: items the files no longer contain are reported.
 */
export class BankImporter {
  constructor(private readonly audit: AuditService) {}

  async run(m: EntityManager, req: ImportRequest): Promise<ImportResult> {
    const byCode = new Map(req.items.map((i) => [i.item.id, i]));
    const incoming: IncomingItem[] = req.items.map((i) => ({
      item: i.item,
      hash: contentHash(i.item),
      origin: req.originOf(i),
    }));
    const existing = await loadExistingStates(m);
    const plan = planImport(existing, incoming, req.mode);
    if (req.mode === 'upload') {
      assertApprovalsVerified(plan, byCode, req.columnOf);
    }
    const approvalsDeferred = req.approvalsNeedReview ? deferApprovals(plan) : 0;
    const counts = countPlan(plan);
    if (req.dryRun) {
      const { added, updated } = await diffSources(m, req.sources);
      return {
        ...counts,
        approvalsDeferred,
        sourcesAdded: added.length,
        sourcesUpdated: updated.length,
        missingCodes: plan.missing,
        dryRun: true,
      };
    }
    const now = new Date();
    const by = req.actor === 'system' ? 'system' : actorRef(req.actor);
    const sources = await upsertSources(m, req.sources, now);
    const sourceIds = new Map(
      (await m.getRepository(QuestionSource).find({ select: { id: true, key: true } })).map((s) => [
        s.key,
        s.id,
      ]),
    );
    const versionRow = (ci: CheckedItem, itemId: number, versionNo: number): Partial<QuestionItemVersion> => {
      const it = ci.item;
      return {
        itemId,
        versionNo,
        type: it.type,
        stem: it.stem,
        options: it.options ?? {},
        answer: Array.isArray(it.answer) ? [...it.answer].sort() : it.answer,
        sourceId: sourceIds.get(it.source.document)!,
        article: it.source.article,
        basis: it.basis,
        explanation: it.explanation ?? null,
        disciplines: [...it.disciplines].sort(),
        difficulty: it.difficulty,
        contentHash: contentHash(it),
        changeNote: req.noteOf(ci).slice(0, 500),
        createdBy: by,
        createdAt: now,
      };
    };

    // New items: rows, then their ids by code, then version 1 and the tags, then the current version.
    const createdIds: number[] = [];
    for (const chunk of chunks(plan.create, CHUNK)) {
      await m
        .createQueryBuilder()
        .insert()
        .into(QuestionItem)
        .values(
          chunk.map((c) => ({
            code: c.item.id,
            status: c.item.status,
            currentVersionId: null,
            versionCount: 1,
            origin: c.origin,
            fileHash: req.mode === 'files' ? c.hash : null,
            fileStatus: req.mode === 'files' ? c.item.status : null,
            statusReason: req.noteOf(byCode.get(c.item.id)!).slice(0, 500),
            statusChangedAt: now,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .updateEntity(false)
        .execute();
      const ids = await idsByCode(
        m,
        chunk.map((c) => c.item.id),
      );
      await insertVersions(
        m,
        chunk.map((c) => versionRow(byCode.get(c.item.id)!, ids.get(c.item.id)!, 1)),
      );
      await insertDisciplines(
        m,
        chunk.map((c) => ({ itemId: ids.get(c.item.id)!, codes: c.item.disciplines })),
      );
      createdIds.push(...ids.values());
    }

    // Changed items: a new version where the content changed; status and file bookkeeping on the item.
    const versioned = plan.update.filter((u) => u.newVersion);
    for (const chunk of chunks(versioned, CHUNK)) {
      await insertVersions(
        m,
        chunk.map((u) =>
          versionRow(byCode.get(u.incoming.item.id)!, u.existing.id, u.existing.versionCount + 1),
        ),
      );
    }
    await updateItems(m, plan.update, (u) => req.noteOf(byCode.get(u.incoming.item.id)!).slice(0, 500), now);
    const versionedIds = versioned.map((u) => u.existing.id);
    for (const chunk of chunks(versionedIds, CHUNK)) {
      await m
        .createQueryBuilder()
        .delete()
        .from(QuestionItemDiscipline)
        .where('item_id IN (:...ids)', { ids: chunk })
        .execute();
    }
    for (const chunk of chunks(versioned, CHUNK)) {
      await insertDisciplines(
        m,
        chunk.map((u) => ({ itemId: u.existing.id, codes: u.incoming.item.disciplines })),
      );
    }
    await pointToLatestVersion(m, [...createdIds, ...versionedIds]);
    const retagged = await syncItemTags(m, req.items, now);

    const result: ImportResult = {
      ...counts,
      approvalsDeferred,
      sourcesAdded: sources.added,
      sourcesUpdated: sources.updated,
      missingCodes: plan.missing,
      dryRun: false,
    };
    await this.audit.record(
      req.actor,
      {
        action: req.action,
        target: req.auditTarget,
        details: {
          ...req.auditDetails,
          added: result.added,
          changed: result.changed,
          statusChanged: result.statusChanged,
          unchanged: result.unchanged,
          missing: result.missing,
          sourcesAdded: result.sourcesAdded,
          sourcesUpdated: result.sourcesUpdated,
          retagged: retagged.length,
          retaggedCodes: capped(retagged),
          changedCodes: capped(versioned.map((u) => u.incoming.item.id)),
          statusChanges: capped(
            plan.update
              .filter((u) => u.status !== u.existing.status)
              .map((u) => `${u.incoming.item.id}:${u.existing.status}->${u.status}`),
          ),
          missingCodes: capped(plan.missing),
        },
      },
      m,
    );
    return result;
  }
}

/**
 * Applies the planned item changes in a few statements: changes that set the same columns to the same
 * values share one UPDATE (per chunk of ids), with each item's file hash picked by a CASE.
 */
async function updateItems(
  m: EntityManager,
  updates: readonly PlannedChange[],
  noteOf: (u: PlannedChange) => string,
  now: Date,
): Promise<void> {
  const groups = new Map<string, PlannedChange[]>();
  for (const u of updates) {
    const statusChanges = u.status !== u.existing.status;
    const key = JSON.stringify([
      u.newVersion,
      statusChanges ? [u.status, noteOf(u)] : null,
      u.trackFile ? [u.incoming.item.status, u.incoming.origin] : null,
    ]);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    for (const chunk of chunks(group, CHUNK)) {
      const params: Record<string, unknown> = { ids: chunk.map((u) => u.existing.id) };
      const set: Record<string, unknown> = { updatedAt: now };
      if (first.newVersion) {
        set.versionCount = () => 'version_count + 1';
      }
      if (first.status !== first.existing.status) {
        Object.assign(set, { status: first.status, statusReason: noteOf(first), statusChangedAt: now });
      }
      if (first.trackFile) {
        Object.assign(set, { fileStatus: first.incoming.item.status, origin: first.incoming.origin });
        chunk.forEach((u, i) => {
          params[`id${i}`] = u.existing.id;
          params[`hash${i}`] = u.incoming.hash;
        });
        set.fileHash = () => `CASE id ${chunk.map((_, i) => `WHEN :id${i} THEN :hash${i}`).join(' ')} END`;
      }
      await m
        .createQueryBuilder()
        .update(QuestionItem)
        .set(set)
        .where('id IN (:...ids)')
        .setParameters(params)
        .execute();
    }
  }
}

/** Lists in the audit record stay small: the first 500 entries and how many there were. */
function capped(list: string[]): { count: number; first: string[] } {
  return { count: list.length, first: list.slice(0, 500) };
}

/**
 * Turns every approval the plan would grant into a draft for the reviewers (an item already approved with
 * unchanged content stays approved; new content resets approvals). Returns how many were deferred.
 */
function deferApprovals(plan: ImportPlan): number {
  let deferred = 0;
  plan.create = plan.create.map((c) => {
    if (c.item.status !== 'approved') {
      return c;
    }
    deferred++;
    return { ...c, item: { ...c.item, status: 'draft' } };
  });
  for (const u of plan.update) {
    if (u.status === 'approved' && (u.newVersion || u.existing.status !== 'approved')) {
      deferred++;
      u.status = 'draft';
    }
  }
  return deferred;
}

/**
 * An upload may keep an item approved that already is, but may make an item approved (new, newly approved
 * or with new content) only when its basis is verified against the law text. Every refused row is named.
 */
function assertApprovalsVerified(
  plan: ImportPlan,
  byCode: ReadonlyMap<string, CheckedItem>,
  columnOf?: (field?: string) => string | undefined,
): void {
  const refused: BankIssue[] = [];
  const consider = (code: string, becomesApproved: boolean): void => {
    const ci = byCode.get(code)!;
    const verdict = ci.verdict;
    if (!becomesApproved || verdict?.status === 'verified') {
      return;
    }
    const why = verdict ? verdict.reason : '依据无法核验';
    refused.push({
      severity: 'error',
      where: ci.where,
      itemId: code,
      field: 'status',
      reason: `${why}；无法核验依据的题目不能直接以“已批准”导入，请以草稿导入后逐题审核批准`,
    });
  };
  for (const c of plan.create) {
    consider(c.item.id, c.item.status === 'approved');
  }
  for (const u of plan.update) {
    consider(
      u.incoming.item.id,
      u.status === 'approved' && (u.newVersion || u.existing.status !== 'approved'),
    );
  }
  if (refused.length > 0) {
    throw importRejected(refused, columnOf);
  }
}

/** The 422 of a rejected import: every bad row's location, id, field and reason. */
export function importRejected(
  issues: readonly BankIssue[],
  columnOf?: (field?: string) => string | undefined,
): RuleViolationError {
  const errors = issues
    .filter((i) => i.severity === 'error')
    .map((i) => ({
      file: i.where.file,
      ...(i.where.row !== undefined ? { row: i.where.row } : {}),
      ...(i.where.line !== undefined ? { line: i.where.line } : {}),
      ...(i.itemId ? { itemId: i.itemId } : {}),
      ...(i.sourceKey ? { sourceKey: i.sourceKey } : {}),
      ...(i.field ? { field: i.field, ...(columnOf ? { column: columnOf(i.field) } : {}) } : {}),
      reason: i.reason,
    }));
  const rows = [...new Set(errors.map((e) => e.row ?? e.line).filter((r) => r !== undefined))];
  const where =
    rows.length > 0
      ? `（${errors[0].row !== undefined ? '行' : '行号'} ${rows.slice(0, 20).join('、')}${rows.length > 20 ? ' 等' : ''}）`
      : '';
  return new RuleViolationError(
    `导入被拒绝：${errors.length} 处错误${where}，未写入任何数据`,
    'import_rejected',
    {
      errors,
    },
  );
}

async function loadExistingStates(m: EntityManager): Promise<ExistingItemState[]> {
  const rows = await m
    .createQueryBuilder(QuestionItem, 'i')
    .leftJoin(QuestionItemVersion, 'v', 'v.id = i.currentVersionId')
    .select([
      'i.id AS id',
      'i.code AS code',
      'i.status AS status',
      'i.file_hash AS fileHash',
      'i.file_status AS fileStatus',
      'i.origin AS origin',
      'i.version_count AS versionCount',
      'v.content_hash AS currentHash',
    ])
    .getRawMany<{
      id: number;
      code: string;
      status: ItemStatus;
      fileHash: string | null;
      fileStatus: ItemStatus | null;
      origin: string;
      versionCount: number;
      currentHash: string | null;
    }>();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    versionCount: Number(r.versionCount),
    currentHash: r.currentHash ?? '',
  }));
}

const SOURCE_FIELDS = [
  'title',
  'issuer',
  'documentNumber',
  'versionDate',
  'effectiveDate',
  'status',
  'lawFile',
  'supersededBy',
  'supersededFrom',
  'scope',
] as const;

async function diffSources(
  m: EntityManager,
  sources: readonly BankSource[],
): Promise<{ added: BankSource[]; updated: Array<{ id: number; source: BankSource }> }> {
  const stored = new Map((await m.getRepository(QuestionSource).find()).map((s) => [s.key, s]));
  const added: BankSource[] = [];
  const updated: Array<{ id: number; source: BankSource }> = [];
  for (const s of sources) {
    const row = stored.get(s.key);
    if (!row) {
      added.push(s);
    } else if (SOURCE_FIELDS.some((f) => (row[f] ?? null) !== (s[f] ?? null))) {
      updated.push({ id: row.id, source: s });
    }
  }
  return { added, updated };
}

async function upsertSources(
  m: EntityManager,
  sources: readonly BankSource[],
  now: Date,
): Promise<{ added: number; updated: number }> {
  const { added, updated } = await diffSources(m, sources);
  const fields = (s: BankSource) => ({
    title: s.title,
    issuer: s.issuer,
    documentNumber: s.documentNumber ?? null,
    versionDate: s.versionDate ?? null,
    effectiveDate: s.effectiveDate ?? null,
    status: s.status,
    lawFile: s.lawFile ?? null,
    supersededBy: s.supersededBy ?? null,
    supersededFrom: s.supersededFrom ?? null,
    scope: s.scope ?? null,
  });
  for (const chunk of chunks(added, CHUNK)) {
    await m
      .createQueryBuilder()
      .insert()
      .into(QuestionSource)
      .values(chunk.map((s) => ({ key: s.key, ...fields(s), createdAt: now, updatedAt: now })))
      .updateEntity(false)
      .execute();
  }
  for (const u of updated) {
    await m.update(QuestionSource, { id: u.id }, { ...fields(u.source), updatedAt: now });
  }
  return { added: added.length, updated: updated.length };
}

/**
 * Keeps the items' review tags (recall, the check against a newer rule) as the input writes them. They are
 * not content, so changing them makes no new version; returns the codes whose tags changed.
 */
async function syncItemTags(m: EntityManager, items: readonly CheckedItem[], now: Date): Promise<string[]> {
  const stored = new Map(
    (
      await m
        .getRepository(QuestionItem)
        .find({ select: { id: true, code: true, recall: true, checkedAgainst: true } })
    ).map((i) => [i.code, i]),
  );
  const changed: string[] = [];
  for (const { item } of items) {
    const row = stored.get(item.id);
    if (!row) {
      continue;
    }
    const recall = item.recall === true;
    const checkedAgainst = item.checkedAgainst ?? null;
    if (
      Boolean(row.recall) !== recall ||
      JSON.stringify(row.checkedAgainst ?? null) !== JSON.stringify(checkedAgainst)
    ) {
      await m.update(QuestionItem, { id: row.id }, { recall, checkedAgainst, updatedAt: now });
      changed.push(item.id);
    }
  }
  return changed;
}

async function idsByCode(m: EntityManager, codes: readonly string[]): Promise<Map<string, number>> {
  const rows = await m
    .createQueryBuilder(QuestionItem, 'i')
    .select(['i.id AS id', 'i.code AS code'])
    .where('i.code IN (:...codes)', { codes })
    .getRawMany<{ id: number; code: string }>();
  return new Map(rows.map((r) => [r.code, Number(r.id)]));
}

export async function insertVersions(
  m: EntityManager,
  rows: Array<Partial<QuestionItemVersion>>,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await m.createQueryBuilder().insert().into(QuestionItemVersion).values(rows).updateEntity(false).execute();
}

export async function insertDisciplines(
  m: EntityManager,
  rows: ReadonlyArray<{ itemId: number; codes: readonly string[] }>,
): Promise<void> {
  const values = rows.flatMap((r) =>
    [...new Set(r.codes)].map((discipline) => ({ itemId: r.itemId, discipline })),
  );
  for (const chunk of chunks(values, CHUNK * 2)) {
    await m
      .createQueryBuilder()
      .insert()
      .into(QuestionItemDiscipline)
      .values(chunk)
      .updateEntity(false)
      .execute();
  }
}

/** Sets each item's current version to its newest (highest id) version, one statement per chunk. */
export async function pointToLatestVersion(m: EntityManager, itemIds: readonly number[]): Promise<void> {
  for (const chunk of chunks(itemIds, CHUNK * 2)) {
    await m.query(
      `UPDATE qb_items SET current_version_id = (SELECT MAX(v.id) FROM qb_item_versions v WHERE v.item_id = qb_items.id) WHERE id IN (${chunk.map(() => '?').join(', ')})`,
      [...chunk],
    );
  }
}
