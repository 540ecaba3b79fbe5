import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { COMMON, DEFAULT_DISCIPLINES } from '../config/disciplines';
import type { Env } from '../config/env';
import { inTransaction } from '../database/transaction';
import { insertDisciplines, insertVersions, pointToLatestVersion } from './bank-importer';
import { CreateItemDto, RetireItemDto, UpdateItemDto } from './dto/item.dto';
import {
  ItemDetailDto,
  ItemListResponseDto,
  ReviewResponseDto,
  SourceResponseDto,
  StatsResponseDto,
  toItemDetail,
  toSourceResponse,
} from './dto/item-response.dto';
import { ItemFilterDto, ListItemsQueryDto } from './dto/list-items-query.dto';
import { QuestionItemDiscipline } from './entities/question-item-discipline.entity';
import { QuestionItemVersion } from './entities/question-item-version.entity';
import { QuestionItem } from './entities/question-item.entity';
import { QuestionSource } from './entities/question-source.entity';
import type { BankItem } from './files/bank-format';
import { checkSchema } from './files/bank-schema';
import { contentHash } from './files/content-hash';
import { LawLibrary, openLawLibrary } from './files/law-library';
import { bigrams, dice } from './files/near-duplicates';
import { normaliseStem } from './files/normalise';
import { checkItemKeys } from './files/validate-bank';
import type { ItemVersionForCandidate, ItemVersionWithKey, PoolItem } from './pool';
import { ITEM_STATUSES, OPTION_LABELS, QUESTION_TYPES } from './question-type';
import { isUniqueViolation } from '../database/sql';

/** Rows per IN (…) list. */
const IN_CHUNK = 500;
/** Dice coefficient of normalised stems from which a new or edited stem counts as a near-duplicate. */
const NEAR_DUPLICATE = 0.9;

/**
 * The question bank: what paper assembly and grading read (approvedPool, versionsForCandidate,
 * versionsWithKeys), and the administrators' work on items (list, view, create, edit, approve, retire, stats).
 */
@Injectable()
export class QuestionBankService {
  private laws: LawLibrary | null | undefined;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** The law texts of LAWS_DIR (null when the directory is absent), opened once. */
  lawLibrary(): LawLibrary | null {
    if (this.laws === undefined) {
      this.laws = openLawLibrary(this.config.get('LAWS_DIR', { infer: true }));
    }
    return this.laws;
  }

  // ---- for papers and grading ----

  /** Every approved item with its current version, for paper assembly. */
  async approvedPool(): Promise<PoolItem[]> {
    const versions = await this.ds
      .getRepository(QuestionItemVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.item', 'i', 'i.currentVersionId = v.id')
      .innerJoinAndSelect('v.source', 's')
      .where('i.status = :status', { status: 'approved' })
      .orderBy('i.id', 'ASC')
      .getMany();
    return versions.map((v) => ({
      itemId: v.itemId,
      code: v.item!.code,
      versionId: v.id,
      type: v.type,
      difficulty: v.difficulty,
      sourceKey: v.source!.key,
      article: v.article,
      disciplines: v.disciplines,
      optionLabels: optionLabels(v.options),
      answer: v.answer,
    }));
  }

  /** Stems and options of the given versions, as a candidate may see them: no key, basis or explanation. */
  async versionsForCandidate(versionIds: number[]): Promise<Map<number, ItemVersionForCandidate>> {
    const out = new Map<number, ItemVersionForCandidate>();
    for (const ids of chunked([...new Set(versionIds)], IN_CHUNK)) {
      const rows = await this.ds.getRepository(QuestionItemVersion).find({
        select: { id: true, type: true, stem: true, options: true },
        where: { id: In(ids) },
      });
      for (const v of rows) {
        out.set(v.id, { versionId: v.id, type: v.type, stem: v.stem, options: v.options });
      }
    }
    return out;
  }

  /** The given versions with key, basis and explanation, for grading and administration. */
  async versionsWithKeys(versionIds: number[]): Promise<Map<number, ItemVersionWithKey>> {
    const out = new Map<number, ItemVersionWithKey>();
    for (const ids of chunked([...new Set(versionIds)], IN_CHUNK)) {
      const rows = await this.ds.getRepository(QuestionItemVersion).find({
        where: { id: In(ids) },
        relations: { item: true, source: true },
      });
      for (const v of rows) {
        out.set(v.id, {
          versionId: v.id,
          type: v.type,
          stem: v.stem,
          options: v.options,
          itemId: v.itemId,
          code: v.item!.code,
          versionNo: v.versionNo,
          answer: v.answer,
          difficulty: v.difficulty,
          sourceKey: v.source!.key,
          article: v.article,
          basis: v.basis,
          explanation: v.explanation,
          disciplines: v.disciplines,
        });
      }
    }
    return out;
  }

  // ---- administration ----

  async list(actor: Actor, query: ListItemsQueryDto): Promise<ItemListResponseDto> {
    assertAdmin(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const qb = this.filtered(query);
    const total = await qb.clone().getCount();
    const rows = await qb
      .select([
        'i.id AS id',
        'i.code AS code',
        'i.status AS status',
        'i.updated_at AS updatedAt',
        'v.id AS versionId',
        'v.version_no AS versionNo',
        'v.type AS type',
        'v.stem AS stem',
        'v.article AS article',
        'v.disciplines AS disciplines',
        'v.difficulty AS difficulty',
        's.key AS sourceKey',
      ])
      .orderBy('i.code', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    return {
      total,
      page,
      pageSize,
      items: rows.map((r) => ({
        id: Number(r.id),
        code: String(r.code),
        status: r.status as ItemDetailDto['status'],
        versionId: Number(r.versionId),
        versionNo: Number(r.versionNo),
        type: r.type as ItemDetailDto['current']['type'],
        stem: String(r.stem),
        sourceKey: String(r.sourceKey),
        article: String(r.article),
        disciplines: JSON.parse(String(r.disciplines)) as string[],
        difficulty: Number(r.difficulty),
        updatedAt: toIso(r.updatedAt),
      })),
    };
  }

  /** Items matching the filters, current versions and sources joined as v and s. */
  filtered(f: ItemFilterDto): SelectQueryBuilder<QuestionItem> {
    const qb = this.ds
      .getRepository(QuestionItem)
      .createQueryBuilder('i')
      .innerJoin(QuestionItemVersion, 'v', 'v.id = i.currentVersionId')
      .innerJoin(QuestionSource, 's', 's.id = v.sourceId');
    if (f.source) {
      qb.andWhere('s.key = :source', { source: f.source });
    }
    if (f.article) {
      qb.andWhere('v.article = :article', { article: f.article });
    }
    if (f.type) {
      qb.andWhere('v.type = :type', { type: f.type });
    }
    if (f.difficulty) {
      qb.andWhere('v.difficulty = :difficulty', { difficulty: f.difficulty });
    }
    if (f.status) {
      qb.andWhere('i.status = :status', { status: f.status });
    }
    if (f.discipline) {
      qb.andWhere(
        (sub) =>
          `EXISTS ${sub
            .subQuery()
            .select('1')
            .from(QuestionItemDiscipline, 'd')
            .where('d.item_id = i.id')
            .andWhere('d.discipline = :discipline')
            .getQuery()}`,
        { discipline: f.discipline },
      );
    }
    if (f.q) {
      const like = `%${f.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere(
        new Brackets((w) => {
          for (const col of ['i.code', 'v.stem', 'v.basis', 'v.explanation']) {
            w.orWhere(`${col} LIKE :like ESCAPE '!'`, { like });
          }
        }),
      );
    }
    return qb;
  }

  async get(actor: Actor, id: number): Promise<ItemDetailDto> {
    assertAdmin(actor);
    return this.detail(this.ds.manager, id);
  }

  private async detail(m: EntityManager, id: number): Promise<ItemDetailDto> {
    const item = await m.findOne(QuestionItem, { where: { id } });
    if (!item) {
      throw new NotFoundError('题目', id);
    }
    const versions = await m.find(QuestionItemVersion, {
      where: { itemId: id },
      order: { versionNo: 'ASC' },
    });
    const sources = await m.find(QuestionSource, {
      where: { id: In([...new Set(versions.map((v) => v.sourceId))]) },
    });
    return toItemDetail(item, versions, new Map(sources.map((s) => [s.id, s])));
  }

  async sources(actor: Actor): Promise<SourceResponseDto[]> {
    assertAdmin(actor);
    const rows = await this.ds.getRepository(QuestionSource).find({ order: { key: 'ASC' } });
    return rows.map(toSourceResponse);
  }

  /** Creates a draft item (version 1); approval is a separate, audited act. */
  async create(actor: Actor, dto: CreateItemDto): Promise<ItemDetailDto> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const source = await this.sourceByKey(m, dto.sourceKey);
      const code = dto.code ?? (await nextAdminCode(m));
      const content: BankItem = {
        id: code,
        type: dto.type,
        stem: dto.stem,
        ...(dto.type === 'judge' ? {} : { options: dto.options ?? {} }),
        answer: dto.answer,
        source: { document: source.key, article: dto.article },
        basis: dto.basis,
        disciplines: dto.disciplines,
        difficulty: dto.difficulty,
        status: 'draft',
        ...(dto.explanation ? { explanation: dto.explanation } : {}),
      };
      assertValidContent(content);
      await this.assertNoNearDuplicate(m, content.stem, null);
      const now = new Date();
      let item: QuestionItem;
      try {
        item = await m.save(
          m.create(QuestionItem, {
            code,
            status: 'draft',
            currentVersionId: null,
            versionCount: 1,
            origin: 'admin',
            fileHash: null,
            fileStatus: null,
            statusReason: '新建',
            statusChangedAt: now,
            createdAt: now,
            updatedAt: now,
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ConflictError(`题目编号已存在：${code}`, 'duplicate_code');
        }
        throw err;
      }
      await insertVersions(m, [versionRow(content, item.id, 1, source.id, '新建', actorRef(actor), now)]);
      await insertDisciplines(m, [{ itemId: item.id, codes: content.disciplines }]);
      await pointToLatestVersion(m, [item.id]);
      await this.audit.record(
        actor,
        { action: 'qbank.item.create', target: `question:${code}`, details: { itemId: item.id } },
        m,
      );
      return this.detail(m, item.id);
    });
  }

  /**
   * Edits an item: a new version when the content changed (the old version stays as it was). An approved
   * item whose content changed goes back to draft, to be reviewed again.
   */
  async update(actor: Actor, id: number, dto: UpdateItemDto): Promise<ItemDetailDto> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const item = await m.findOne(QuestionItem, { where: { id } });
      if (!item) {
        throw new NotFoundError('题目', id);
      }
      const current = await m.findOneOrFail(QuestionItemVersion, {
        where: { id: item.currentVersionId! },
        relations: { source: true },
      });
      if (dto.baseVersionNo !== undefined && dto.baseVersionNo !== current.versionNo) {
        throw new ConflictError(
          `题目已被修改（当前第 ${current.versionNo} 版，您编辑的是第 ${dto.baseVersionNo} 版），请刷新后重试`,
          'stale_version',
        );
      }
      const source = dto.sourceKey ? await this.sourceByKey(m, dto.sourceKey) : current.source!;
      const type = dto.type ?? current.type;
      const options = type === 'judge' ? undefined : (dto.options ?? current.options);
      const explanation = dto.explanation !== undefined ? dto.explanation : current.explanation;
      const content: BankItem = {
        id: item.code,
        type,
        stem: dto.stem ?? current.stem,
        ...(options ? { options } : {}),
        answer: dto.answer ?? current.answer,
        source: { document: source.key, article: dto.article ?? current.article },
        basis: dto.basis ?? current.basis,
        disciplines: dto.disciplines ?? current.disciplines,
        difficulty: dto.difficulty ?? current.difficulty,
        status: item.status,
        ...(explanation ? { explanation } : {}),
      };
      assertValidContent(content);
      if (contentHash(content) === current.contentHash) {
        return this.detail(m, id);
      }
      await this.assertNoNearDuplicate(m, content.stem, id);
      const now = new Date();
      const versionNo = item.versionCount + 1;
      const note = dto.note ?? '编辑';
      try {
        await insertVersions(m, [versionRow(content, id, versionNo, source.id, note, actorRef(actor), now)]);
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ConflictError('题目正被他人修改，请刷新后重试', 'stale_version');
        }
        throw err;
      }
      const resetToDraft = item.status === 'approved';
      await m.update(
        QuestionItem,
        { id },
        {
          versionCount: versionNo,
          updatedAt: now,
          ...(resetToDraft
            ? { status: 'draft', statusReason: '内容已修改，需重新审核', statusChangedAt: now }
            : {}),
        },
      );
      await pointToLatestVersion(m, [id]);
      await m.delete(QuestionItemDiscipline, { itemId: id });
      await insertDisciplines(m, [{ itemId: id, codes: content.disciplines }]);
      await this.audit.record(
        actor,
        {
          action: 'qbank.item.update',
          target: `question:${item.code}`,
          details: { itemId: id, fromVersion: current.versionNo, toVersion: versionNo, note, resetToDraft },
        },
        m,
      );
      return this.detail(m, id);
    });
  }

  /** Retires an item: kept with all its versions, never drawn again. */
  async retire(actor: Actor, id: number, dto: RetireItemDto): Promise<ReviewResponseDto> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const item = await m.findOne(QuestionItem, { where: { id } });
      if (!item) {
        throw new NotFoundError('题目', id);
      }
      if (item.status === 'retired') {
        throw new ConflictError(`题目 ${item.code} 已停用`, 'already_retired');
      }
      const now = new Date();
      await m.update(
        QuestionItem,
        { id },
        { status: 'retired', statusReason: dto.reason, statusChangedAt: now, updatedAt: now },
      );
      await this.audit.record(
        actor,
        {
          action: 'qbank.item.retire',
          target: `question:${item.code}`,
          details: { itemId: id, versionId: item.currentVersionId, from: item.status, reason: dto.reason },
        },
        m,
      );
      return { id, code: item.code, status: 'retired' };
    });
  }

  /** Counts per source, discipline, type and status. */
  async stats(actor: Actor): Promise<StatsResponseDto> {
    assertAdmin(actor);
    const rows = await this.filtered({})
      .select([
        's.key AS sourceKey',
        's.title AS title',
        'v.type AS type',
        'i.status AS status',
        'COUNT(*) AS n',
      ])
      .groupBy('s.key')
      .addGroupBy('s.title')
      .addGroupBy('v.type')
      .addGroupBy('i.status')
      .getRawMany<{ sourceKey: string; title: string; type: string; status: string; n: number | string }>();
    const tagRows = await this.ds
      .getRepository(QuestionItemDiscipline)
      .createQueryBuilder('d')
      .innerJoin(QuestionItem, 'i', 'i.id = d.itemId')
      .select(['d.discipline AS discipline', 'i.status AS status', 'COUNT(*) AS n'])
      .groupBy('d.discipline')
      .addGroupBy('i.status')
      .getRawMany<{ discipline: string; status: string; n: number | string }>();
    const zero = () => ({ total: 0, draft: 0, approved: 0, retired: 0 });
    const add = (c: ReturnType<typeof zero>, status: string, n: number) => {
      c.total += n;
      if ((ITEM_STATUSES as readonly string[]).includes(status)) {
        c[status as 'draft' | 'approved' | 'retired'] += n;
      }
    };
    const all = zero();
    const bySource = new Map<string, ReturnType<typeof zero> & { key: string; title: string }>();
    const byType = new Map(QUESTION_TYPES.map((t) => [t as string, { type: t, ...zero() }]));
    for (const r of rows) {
      const n = Number(r.n);
      add(all, r.status, n);
      const s = bySource.get(r.sourceKey) ?? { key: r.sourceKey, title: r.title, ...zero() };
      add(s, r.status, n);
      bySource.set(r.sourceKey, s);
      const t = byType.get(r.type);
      if (t) {
        add(t, r.status, n);
      }
    }
    const byDiscipline = [{ code: COMMON, name: '通用' }, ...DEFAULT_DISCIPLINES].map((d) => ({
      code: d.code,
      name: d.name,
      ...zero(),
    }));
    for (const r of tagRows) {
      const d = byDiscipline.find((x) => x.code === r.discipline);
      if (d) {
        add(d, r.status, Number(r.n));
      }
    }
    return {
      all,
      bySource: [...bySource.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
      byDiscipline,
      byType: [...byType.values()],
    };
  }

  private async sourceByKey(m: EntityManager, key: string): Promise<QuestionSource> {
    const source = await m.findOne(QuestionSource, { where: { key } });
    if (!source) {
      throw new RuleViolationError(`未知的来源「${key}」：请先导入该来源`, 'unknown_source', {
        errors: [{ field: 'sourceKey', reason: `未知的来源「${key}」` }],
      });
    }
    return source;
  }

  /** Refuses a stem that nearly repeats a live (not retired) item's stem. */
  private async assertNoNearDuplicate(m: EntityManager, stem: string, selfId: number | null): Promise<void> {
    const rows = await m
      .createQueryBuilder(QuestionItem, 'i')
      .innerJoin(QuestionItemVersion, 'v', 'v.id = i.currentVersionId')
      .select(['i.id AS id', 'i.code AS code', 'v.stem AS stem'])
      .where('i.status <> :retired', { retired: 'retired' })
      .getRawMany<{ id: number; code: string; stem: string }>();
    const mine = bigrams(normaliseStem(stem));
    for (const r of rows) {
      if (Number(r.id) === selfId) {
        continue;
      }
      const similarity = dice(mine, bigrams(normaliseStem(r.stem)));
      if (similarity >= NEAR_DUPLICATE) {
        throw new RuleViolationError(
          `题干与题目 ${r.code} 近似重复（相似度 ${similarity.toFixed(2)}）`,
          'near_duplicate',
          { errors: [{ field: 'stem', reason: `与 ${r.code} 近似重复`, similarTo: r.code }] },
        );
      }
    }
  }
}

/** Schema and key rules of one item, as a 422 naming every bad field. */
function assertValidContent(content: BankItem): void {
  const problems = [
    ...checkSchema('item', content).map((p) => ({ field: p.path.join('.'), reason: p.reason })),
    ...checkItemKeys(content),
  ];
  if (problems.length > 0) {
    throw new RuleViolationError(
      `题目内容有误：${problems.map((p) => `${p.field} ${p.reason}`).join('；')}`,
      'invalid_item',
      { errors: problems },
    );
  }
}

function versionRow(
  it: BankItem,
  itemId: number,
  versionNo: number,
  sourceId: number,
  note: string,
  by: string,
  now: Date,
): Partial<QuestionItemVersion> {
  return {
    itemId,
    versionNo,
    type: it.type,
    stem: it.stem,
    options: it.options ?? {},
    answer: Array.isArray(it.answer) ? [...it.answer].sort() : it.answer,
    sourceId,
    article: it.source.article,
    basis: it.basis,
    explanation: it.explanation ?? null,
    disciplines: [...it.disciplines].sort(),
    difficulty: it.difficulty,
    contentHash: contentHash(it),
    changeNote: note.slice(0, 500),
    createdBy: by,
    createdAt: now,
  };
}

/** adm-0001, adm-0002 …: one more than the highest administrator-made code. */
async function nextAdminCode(m: EntityManager): Promise<string> {
  const rows = await m
    .createQueryBuilder(QuestionItem, 'i')
    .select('i.code AS code')
    .where('i.code LIKE :p', { p: 'adm-%' })
    .getRawMany<{ code: string }>();
  const max = rows.reduce((n, r) => Math.max(n, Number(/^adm-(\d+)$/.exec(r.code)?.[1] ?? 0)), 0);
  return `adm-${String(max + 1).padStart(4, '0')}`;
}

function optionLabels(options: Record<string, string>): string[] {
  return OPTION_LABELS.filter((l) => l in options);
}

function chunked<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}

/** A datetime from a raw row (a Date on MySQL, "YYYY-MM-DD HH:MM:SS.mmm" UTC text on SQLite) as ISO text. */
function toIso(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  const s = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`).toISOString();
}
