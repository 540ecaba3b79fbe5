import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { disciplineName } from '../config/disciplines';
import { inTransaction } from '../database/transaction';
import type { ItemVersionForCandidate } from '../question-bank/pool';
import { questionTypeName } from '../question-bank/question-type';
import type { QuestionType } from '../question-bank/question-type';
import { QuestionBankService } from '../question-bank/question-bank.service';
import { BankPoolService } from '../question-bank/bank-pool.service';
import { beijingDate } from '../question-bank/currency';
import type { DatedPool } from '../question-bank/pool';
import type { SampledTechnician } from '../sampling/sampled-technician';
import type { PaperSource } from './paper-source';
import { SamplingService } from '../sampling/sampling.service';
import {
  AssembledPaper,
  DISPLAY_LABELS,
  ExposureTracker,
  indexPool,
  PoolIndex,
  prepareAssembly,
} from './assemble';
import {
  BlueprintSpec,
  blueprintProblems,
  DEFAULT_BLUEPRINT_KEY,
  defaultBlueprint,
  ruleText,
} from './blueprint';
import { Blueprint } from './blueprint.entity';
import { checkBlueprintCapacity, CapacityReport } from './capacity';
import {
  BlueprintCheckResponseDto,
  BlueprintListResponseDto,
  BlueprintResponseDto,
  SaveBlueprintDto,
  specFromDto,
} from './dto/blueprint.dto';
import {
  AdminPaperDto,
  AssembleResultDto,
  ExamDateResponseDto,
  FairnessReportDto,
  PaperSummaryDto,
  SetExamDateDto,
} from './dto/paper.dto';
import { fairnessReport, PaperForFairness } from './fairness';
import { decodeKey, encodeKey } from './paper-codec';
import { PaperQuestion } from './paper-question.entity';
import { derivePaperSeed } from './paper-seed';
import type { DeliveredPaper, DeliveredSection, KeyedPaper } from './paper-view';
import { Paper } from './paper.entity';
import type { Part } from './plan';
import { chunks, isUniqueViolation } from '../database/sql';

/** Rows per multi-row INSERT (well under both databases' placeholder limits). */
const INSERT_CHUNK = 400;
/** Ids per IN (…) list. */
const IN_CHUNK = 900;
/** Frozen item versions a node keeps in memory (a bank has a few thousand; the bound only guards against misuse). */
const MAX_CACHED_VERSIONS = 50_000;
const ORDINALS = '一二三四五六七八九十';

type BlueprintOrigin = BlueprintResponseDto['origin'];

function specOf(b: Blueprint): BlueprintSpec {
  return {
    totalPoints: b.totalPoints,
    durationMinutes: b.durationMinutes,
    sections: b.sections,
    commonPoints: b.commonPoints,
    disciplinePoints: b.disciplinePoints,
    sourceMinimums: b.sourceMinimums,
    targetDifficulty: b.targetDifficulty,
    difficultyTolerance: b.difficultyTolerance,
    multipleRule: b.multipleRule,
    passMark: b.passMark,
  };
}

function toBlueprintResponse(
  campaignId: number,
  discipline: string,
  spec: BlueprintSpec,
  origin: BlueprintOrigin,
  updatedAt: Date | null,
): BlueprintResponseDto {
  return {
    campaignId,
    discipline,
    origin,
    ...spec,
    sourceMinimums: spec.sourceMinimums.map((m) => ({
      sourceKey: m.sourceKey,
      articleFrom: m.articleFrom ?? null,
      articleTo: m.articleTo ?? null,
      minPoints: m.minPoints,
    })),
    ruleText: ruleText(spec),
    updatedAt: updatedAt?.toISOString() ?? null,
  };
}

/** A paper question as the candidate is shown it: the frozen version's stem and options in the paper's order. */
function shownQuestion(
  q: PaperQuestion,
  versions: ReadonlyMap<number, ItemVersionForCandidate>,
): DeliveredSection['questions'][number] {
  const v = versions.get(q.versionId)!;
  return {
    questionId: q.id,
    position: q.position,
    type: q.sectionType,
    stem: v.stem,
    options: displayedOptions(v, q.optionOrder),
    points: q.points,
  };
}

/** A paper's sections as printed: consecutive questions of one type, titled 一、判断题 … */
function sectionsOf<Q extends { sectionType: QuestionType; points: number }>(
  questions: readonly Q[],
): Array<{ type: QuestionType; title: string; pointsEach: number; questions: Q[] }> {
  const sections: Array<{ type: QuestionType; title: string; pointsEach: number; questions: Q[] }> = [];
  for (const q of questions) {
    const last = sections[sections.length - 1];
    if (last && last.type === q.sectionType) {
      last.questions.push(q);
    } else {
      sections.push({ type: q.sectionType, title: '', pointsEach: q.points, questions: [q] });
    }
  }
  sections.forEach((s, i) => {
    s.title = `${ORDINALS[i] ?? i + 1}、${questionTypeName(s.type)}（共 ${s.questions.length} 题，每题 ${s.pointsEach} 分）`;
  });
  return sections;
}

/** The options of a frozen version in the order shown, relabelled A, B, C… */
function displayedOptions(
  version: ItemVersionForCandidate,
  optionOrder: string,
): Array<{ label: string; text: string }> {
  return [...optionOrder].map((bankLabel, i) => ({
    label: DISPLAY_LABELS[i],
    text: version.options[bankLabel] ?? '',
  }));
}

/**
 * Blueprints, paper assembly and the frozen papers. Sessions reach it through PaperSource (ensurePapers,
 * deliveredPaper); scoring through keyedPaper.
 */
@Injectable()
export class PapersService implements PaperSource {
  private readonly versionCache = new Map<number, ItemVersionForCandidate>();

  /** Assembly for one campaign runs one call at a time on this node (the unique key guards across nodes). */
  private readonly campaignQueues = new Map<number, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bank: QuestionBankService,
    private readonly bankPool: BankPoolService,
    private readonly sampling: SamplingService,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------ blueprints

  async listBlueprints(actor: Actor, campaignId: number): Promise<BlueprintListResponseDto> {
    assertAdmin(actor);
    await this.sampling.getCampaign(campaignId);
    const stored = await this.storedBlueprints(this.dataSource.manager, campaignId);
    const def = stored.get(DEFAULT_BLUEPRINT_KEY);
    return {
      default: toBlueprintResponse(
        campaignId,
        DEFAULT_BLUEPRINT_KEY,
        def ? specOf(def) : defaultBlueprint(),
        def ? 'stored' : 'built-in',
        def?.updatedAt ?? null,
      ),
      disciplines: [...stored.values()]
        .filter((b) => b.discipline !== DEFAULT_BLUEPRINT_KEY)
        .sort((a, b) => a.discipline.localeCompare(b.discipline))
        .map((b) => toBlueprintResponse(campaignId, b.discipline, specOf(b), 'stored', b.updatedAt)),
    };
  }

  /** The blueprint in force for a discipline (or the campaign default) and where it comes from. */
  async blueprint(actor: Actor, campaignId: number, key: string): Promise<BlueprintResponseDto> {
    assertAdmin(actor);
    await this.assertBlueprintKey(campaignId, key);
    const stored = await this.storedBlueprints(this.dataSource.manager, campaignId);
    const { spec, origin, updatedAt } = this.resolve(stored, key);
    return toBlueprintResponse(campaignId, key, spec, origin, updatedAt);
  }

  /** Reports whether the approved pool could satisfy a blueprint, without saving it. */
  async checkBlueprint(
    actor: Actor,
    campaignId: number,
    key: string,
    dto: SaveBlueprintDto,
  ): Promise<BlueprintCheckResponseDto> {
    assertAdmin(actor);
    const disciplines = await this.assertBlueprintKey(campaignId, key);
    const stored = await this.storedBlueprints(this.dataSource.manager, campaignId);
    const inForce = this.resolve(stored, key);
    const spec = specFromDto(inForce.spec, dto);
    const governed = await this.governedDisciplines(campaignId, key, stored, disciplines);
    const pool = await this.poolFor(campaignId);
    const reports = this.capacityReports(spec, governed, pool);
    return {
      ok: reports.every((r) => r.ok),
      examDate: pool.date,
      blueprint: toBlueprintResponse(campaignId, key, spec, inForce.origin, inForce.updatedAt),
      reports,
    };
  }

  /**
   * Creates or replaces the blueprint for a discipline ('default': the campaign default). Fields left out keep
   * the values in force. Refused when inconsistent (422), when the approved pool cannot satisfy it for a
   * discipline it governs (422, the capacity reports in `details`), or when papers of such a discipline exist
   * already (409: papers are frozen, and a campaign's papers share one blueprint).
   */
  async saveBlueprint(
    actor: Actor,
    campaignId: number,
    key: string,
    dto: SaveBlueprintDto,
  ): Promise<BlueprintCheckResponseDto> {
    assertAdmin(actor);
    const disciplines = await this.assertBlueprintKey(campaignId, key);
    const before = await this.storedBlueprints(this.dataSource.manager, campaignId);
    const spec = specFromDto(this.resolve(before, key).spec, dto);
    const problems = blueprintProblems(spec);
    if (problems.length > 0) {
      throw new RuleViolationError(`组卷方案有误：${problems.join('；')}`, 'blueprint_invalid', problems);
    }
    const governed = await this.governedDisciplines(campaignId, key, before, disciplines);
    const pool = await this.poolFor(campaignId);
    const reports = this.capacityReports(spec, governed, pool);
    const failing = reports.filter((r) => !r.ok);
    if (failing.length > 0) {
      throw new RuleViolationError(
        `题库中已审核的题目不能满足该组卷方案：${failing
          .map((r) => `${disciplineName(r.discipline)}：${r.shortfalls.map((s) => s.message).join('；')}`)
          .join('。')}`,
        'blueprint_unsatisfiable',
        reports,
      );
    }
    const saved = await inTransaction(this.dataSource, async (m) => {
      await this.assertNoPapers(m, campaignId, governed);
      const repo = m.getRepository(Blueprint);
      const now = new Date();
      const existing = await repo.findOne({ where: { campaignId, discipline: key } });
      const row = existing ?? repo.create({ campaignId, discipline: key, createdAt: now });
      Object.assign(row, spec, { updatedAt: now });
      const result = await repo.save(row);
      await this.audit.record(
        actor,
        {
          action: existing ? 'blueprint.update' : 'blueprint.create',
          target: `campaign:${campaignId}/blueprint:${key}`,
          details: { ...spec },
        },
        m,
      );
      return result;
    });
    return {
      ok: true,
      examDate: pool.date,
      blueprint: toBlueprintResponse(campaignId, key, specOf(saved), 'stored', saved.updatedAt),
      reports,
    };
  }

  /** Removes a stored blueprint (the discipline falls back to the campaign default, the default to the built-in). */
  async deleteBlueprint(actor: Actor, campaignId: number, key: string): Promise<void> {
    assertAdmin(actor);
    const disciplines = await this.assertBlueprintKey(campaignId, key);
    const stored = await this.storedBlueprints(this.dataSource.manager, campaignId);
    if (!stored.has(key)) {
      throw new NotFoundError('组卷方案', `${campaignId}/${key}`);
    }
    const governed = await this.governedDisciplines(campaignId, key, stored, disciplines);
    await inTransaction(this.dataSource, async (m) => {
      await this.assertNoPapers(m, campaignId, governed);
      await m.delete(Blueprint, { campaignId, discipline: key });
      await this.audit.record(
        actor,
        { action: 'blueprint.delete', target: `campaign:${campaignId}/blueprint:${key}` },
        m,
      );
    });
  }

  // ------------------------------------------------------------ assembly

  /**
   * Sets the exam date, on which the currency of every item's source is judged. Refused once papers exist:
   * they were assembled for the date in force then, and papers are frozen.
   */
  async setExamDate(actor: Actor, campaignId: number, dto: SetExamDateDto): Promise<ExamDateResponseDto> {
    assertAdmin(actor);
    await this.sampling.getCampaign(campaignId);
    if (await this.dataSource.getRepository(Paper).exists({ where: { campaignId } })) {
      throw new ConflictError(
        '该批次已组卷，考试日期不能再修改（试卷按组卷时的考试日期选题）',
        'papers_exist',
      );
    }
    const c = await this.sampling.writeExamDate(actor, campaignId, dto.examDate);
    return { campaignId, examDate: c.examDate! };
  }

  /** The 组卷 button: a paper for every sampled technician who has none. */
  async assembleCampaign(actor: Actor, campaignId: number): Promise<AssembleResultDto> {
    assertAdmin(actor);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    if (sample.length === 0) {
      // Refuses with "not drawn yet" when that is why the sample is empty.
      await this.sampling.campaignSeedHex(campaignId);
    }
    const { created } = await this.ensure(
      campaignId,
      sample.map((s) => s.technicianId),
      actor,
      sample,
    );
    return { total: sample.length, created, existing: sample.length - created };
  }

  /**
   * PaperSource: makes sure each listed technician of the campaign's sample has a paper, assembling the missing
   * ones in one transaction; returns technicianId → paperId. Idempotent: existing papers are never touched.
   */
  async ensurePapers(campaignId: number, technicianIds: number[]): Promise<Map<number, number>> {
    return (await this.ensure(campaignId, technicianIds, 'system')).papers;
  }

  private ensure(
    campaignId: number,
    technicianIds: number[],
    actor: Actor | 'system',
    sample?: SampledTechnician[],
  ): Promise<{ papers: Map<number, number>; created: number }> {
    const previous = this.campaignQueues.get(campaignId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        try {
          return await this.ensureNow(campaignId, technicianIds, actor, sample);
        } catch (err) {
          // Another node assembled some of the same papers first: theirs stand, ours are rolled back.
          if (isUniqueViolation(err)) {
            return this.ensureNow(campaignId, technicianIds, actor);
          }
          throw err;
        }
      });
    this.campaignQueues.set(campaignId, run);
    void run
      .finally(() => {
        if (this.campaignQueues.get(campaignId) === run) {
          this.campaignQueues.delete(campaignId);
        }
      })
      .catch(() => undefined);
    return run;
  }

  private async ensureNow(
    campaignId: number,
    technicianIds: number[],
    actor: Actor | 'system',
    knownSample?: SampledTechnician[],
  ): Promise<{ papers: Map<number, number>; created: number }> {
    const wanted = [...new Set(technicianIds)].sort((a, b) => a - b);
    const papers = await this.paperIds(this.dataSource.manager, campaignId, wanted);
    const missing = wanted.filter((t) => !papers.has(t));
    if (missing.length === 0) {
      return { papers, created: 0 };
    }
    const sample = knownSample ?? (await this.sampling.sampledTechnicians(campaignId));
    const byTechnician = new Map(sample.map((s) => [s.technicianId, s]));
    const strangers = missing.filter((t) => !byTechnician.has(t));
    if (strangers.length > 0) {
      throw new RuleViolationError(
        `以下技术人员不在该批次的抽考名单中，无法组卷：${strangers.join('、')}`,
        'not_sampled',
        strangers,
      );
    }
    const campaignSeed = await this.sampling.campaignSeedHex(campaignId);
    const pool = await this.poolFor(campaignId);
    const index = indexPool(pool.items, pool.enemyGroups);
    const stored = await this.storedBlueprints(this.dataSource.manager, campaignId);
    const tracker = new ExposureTracker(index);
    await this.loadExposure(campaignId, tracker);

    const heldTargets = await this.heldTargets(campaignId);
    const preps = new Map<string, ReturnType<typeof prepareAssembly>>();
    const assembled: Array<{ technician: SampledTechnician; spec: BlueprintSpec; paper: AssembledPaper }> =
      [];
    for (const technicianId of missing) {
      const technician = byTechnician.get(technicianId)!;
      const resolved = this.resolve(stored, technician.discipline).spec;
      // Later papers of a discipline keep the target its first papers were held to, even if the pool changed.
      const spec = {
        ...resolved,
        targetDifficulty: resolved.targetDifficulty ?? heldTargets.get(technician.discipline) ?? null,
      };
      let prep = preps.get(technician.discipline);
      if (!prep) {
        prep = prepareAssembly(spec, index, technician.discipline);
        preps.set(technician.discipline, prep);
      }
      const seed = derivePaperSeed(campaignSeed, technicianId);
      assembled.push({ technician, spec, paper: tracker.assembleNext(prep, seed, technician.agencyId) });
    }

    await inTransaction(this.dataSource, async (m) => {
      await this.insertPapers(m, campaignId, index, assembled);
      const perDiscipline: Record<string, number> = {};
      for (const a of assembled) {
        perDiscipline[a.technician.discipline] = (perDiscipline[a.technician.discipline] ?? 0) + 1;
      }
      await this.audit.record(
        actor,
        {
          action: 'papers.assemble',
          target: `campaign:${campaignId}`,
          details: { created: assembled.length, perDiscipline, poolHash: index.hash },
        },
        m,
      );
    });
    const all = await this.paperIds(this.dataSource.manager, campaignId, wanted);
    return { papers: all, created: assembled.length };
  }

  private async insertPapers(
    m: EntityManager,
    campaignId: number,
    index: PoolIndex,
    assembled: Array<{ technician: SampledTechnician; spec: BlueprintSpec; paper: AssembledPaper }>,
  ): Promise<void> {
    const now = new Date();
    const rows = assembled.map(({ technician, spec, paper }) => ({
      campaignId,
      technicianId: technician.technicianId,
      agencyId: technician.agencyId,
      discipline: technician.discipline,
      seed: paper.seed,
      poolHash: index.hash,
      totalPoints: spec.totalPoints,
      durationMinutes: spec.durationMinutes,
      multipleRule: spec.multipleRule,
      passMark: spec.passMark,
      difficulty: paper.difficulty,
      targetDifficulty: paper.targetDifficulty,
      difficultyTolerance: spec.difficultyTolerance,
      assembledAt: now,
    }));
    for (const chunk of chunks(rows, INSERT_CHUNK)) {
      await m.createQueryBuilder().insert().into(Paper).values(chunk).updateEntity(false).execute();
    }
    const ids = await this.paperIds(
      m,
      campaignId,
      assembled.map((a) => a.technician.technicianId),
    );
    // Rows are built a chunk at a time: a campaign's papers stay compact until written.
    let buffer: Array<Partial<PaperQuestion>> = [];
    const flush = async (): Promise<void> => {
      if (buffer.length > 0) {
        await m
          .createQueryBuilder()
          .insert()
          .into(PaperQuestion)
          .values(buffer)
          .updateEntity(false)
          .execute();
        buffer = [];
      }
    };
    for (const { technician, paper } of assembled) {
      const paperId = ids.get(technician.technicianId)!;
      for (const q of paper.questions) {
        buffer.push({
          paperId,
          position: q.position,
          sectionType: q.type,
          itemId: q.itemId,
          versionId: q.versionId,
          optionOrder: q.optionOrder,
          answerKey: encodeKey(q.key),
          points: q.points,
          part: q.part,
          sourceKey: q.sourceKey,
          article: q.article,
          difficulty: q.difficulty,
        });
      }
      if (buffer.length >= INSERT_CHUNK) {
        await flush();
      }
    }
    await flush();
  }

  /** Per discipline, the difficulty target its first paper was held to. */
  private async heldTargets(campaignId: number): Promise<Map<string, number>> {
    const papers = await this.dataSource.getRepository(Paper).find({
      select: { id: true, discipline: true, targetDifficulty: true },
      where: { campaignId },
      order: { id: 'DESC' },
    });
    return new Map(papers.map((p) => [p.discipline, p.targetDifficulty]));
  }

  /** Counts every stored paper of the campaign, in assembly (id) order. */
  private async loadExposure(campaignId: number, tracker: ExposureTracker): Promise<void> {
    const rows: Array<{ paperId: number; agencyId: number; itemId: number }> = await this.dataSource.query(
      `SELECT p.id AS paperId, p.agency_id AS agencyId, q.item_id AS itemId
         FROM paper_questions q JOIN papers p ON p.id = q.paper_id
        WHERE p.campaign_id = ?
        ORDER BY p.id, q.position`,
      [campaignId],
    );
    for (const r of rows) {
      tracker.record(Number(r.agencyId), [Number(r.itemId)]);
    }
  }

  private async paperIds(
    m: EntityManager,
    campaignId: number,
    technicianIds: number[],
  ): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const chunk of chunks(technicianIds, IN_CHUNK)) {
      const rows = await m.getRepository(Paper).find({
        select: { id: true, technicianId: true },
        where: { campaignId, technicianId: In(chunk) },
      });
      for (const r of rows) {
        out.set(r.technicianId, r.id);
      }
    }
    return out;
  }

  // ------------------------------------------------------------ frozen papers

  /** PaperSource: the candidate's paper, from the frozen versions; never a key, basis or explanation. */
  async deliveredPaper(paperId: number): Promise<DeliveredPaper> {
    const one = (await this.deliveredPapers([paperId])).get(paperId);
    if (!one) {
      throw new NotFoundError('试卷', paperId);
    }
    return one;
  }

  /**
   * PaperSource: many candidates' papers in a few queries (a sitting's candidates connecting at once); papers
   * that do not exist are absent from the map.
   */
  async deliveredPapers(paperIds: readonly number[]): Promise<Map<number, DeliveredPaper>> {
    const out = new Map<number, DeliveredPaper>();
    const ids = [...new Set(paperIds)];
    const papers: Paper[] = [];
    const byPaper = new Map<number, PaperQuestion[]>();
    for (const chunk of chunks(ids, IN_CHUNK)) {
      papers.push(...(await this.dataSource.getRepository(Paper).find({ where: { id: In(chunk) } })));
      const questions = await this.dataSource
        .getRepository(PaperQuestion)
        .find({ where: { paperId: In(chunk) }, order: { paperId: 'ASC', position: 'ASC' } });
      for (const q of questions) {
        const list = byPaper.get(q.paperId) ?? [];
        list.push(q);
        byPaper.set(q.paperId, list);
      }
    }
    const versions = await this.versions([...byPaper.values()].flat());
    const campaignNames = new Map<number, string>();
    for (const campaignId of new Set(papers.map((p) => p.campaignId))) {
      campaignNames.set(campaignId, (await this.sampling.getCampaign(campaignId)).name);
    }
    for (const paper of papers) {
      const questions = byPaper.get(paper.id) ?? [];
      const sections: DeliveredSection[] = sectionsOf(questions).map((s) => ({
        type: s.type,
        title: s.title,
        pointsEach: s.pointsEach,
        questions: s.questions.map((q) => shownQuestion(q, versions)),
      }));
      out.set(paper.id, {
        paperId: paper.id,
        title: this.titleOf(campaignNames.get(paper.campaignId)!, paper.discipline),
        discipline: paper.discipline,
        totalPoints: paper.totalPoints,
        durationMinutes: paper.durationMinutes,
        multipleRule: paper.multipleRule,
        ruleText: this.ruleTextOf(paper, questions),
        sections,
      });
    }
    return out;
  }

  /** The paper with its frozen keys (in the labels shown), for grading. */
  async keyedPaper(paperId: number): Promise<KeyedPaper> {
    const { paper, questions } = await this.loadPaper(paperId);
    return {
      paperId: paper.id,
      campaignId: paper.campaignId,
      technicianId: paper.technicianId,
      discipline: paper.discipline,
      totalPoints: paper.totalPoints,
      passMark: paper.passMark,
      multipleRule: paper.multipleRule,
      questions: questions.map((q) => ({
        questionId: q.id,
        position: q.position,
        type: q.sectionType,
        points: q.points,
        key: decodeKey(q.sectionType, q.answerKey),
        itemId: q.itemId,
        versionId: q.versionId,
        sourceKey: q.sourceKey,
        article: q.article,
        part: q.part,
      })),
    };
  }

  async listPapers(actor: Actor, campaignId: number): Promise<PaperSummaryDto[]> {
    assertAdmin(actor);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    const people = new Map(sample.map((s) => [s.technicianId, s]));
    const papers = await this.dataSource
      .getRepository(Paper)
      .find({ where: { campaignId }, order: { discipline: 'ASC', technicianId: 'ASC' } });
    return papers.map((p) => this.summaryOf(p, people.get(p.technicianId)));
  }

  /** One paper as an administrator sees it: as shown to the candidate, with keys and provenance. */
  async adminPaper(actor: Actor, campaignId: number, paperId: number): Promise<AdminPaperDto> {
    assertAdmin(actor);
    const { paper, questions } = await this.loadPaper(paperId);
    if (paper.campaignId !== campaignId) {
      throw new NotFoundError('试卷', paperId);
    }
    const versions = await this.versions(questions);
    const campaign = await this.sampling.getCampaign(campaignId);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    return {
      ...this.summaryOf(
        paper,
        sample.find((s) => s.technicianId === paper.technicianId),
      ),
      title: this.titleOf(campaign.name, paper.discipline),
      ruleText: this.ruleTextOf(paper, questions),
      sections: sectionsOf(questions).map((s) => ({
        type: s.type,
        title: s.title,
        pointsEach: s.pointsEach,
        questions: s.questions.map((q) => {
          return {
            ...shownQuestion(q, versions),
            key: decodeKey(q.sectionType, q.answerKey),
            itemId: q.itemId,
            versionId: q.versionId,
            optionOrder: q.optionOrder,
            part: q.part,
            sourceKey: q.sourceKey,
            article: q.article,
            difficulty: q.difficulty,
          };
        }),
      })),
    };
  }

  /** Per discipline: paper difficulty spread, item exposure against the fair share, colleagues' overlap. */
  async fairness(actor: Actor, campaignId: number): Promise<FairnessReportDto> {
    assertAdmin(actor);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    const papers = await this.dataSource
      .getRepository(Paper)
      .find({ where: { campaignId }, order: { id: 'ASC' } });
    const rows: Array<{ paperId: number; itemId: number; type: QuestionType; part: Part }> =
      await this.dataSource.query(
        `SELECT q.paper_id AS paperId, q.item_id AS itemId, q.section_type AS type, q.part AS part
           FROM paper_questions q JOIN papers p ON p.id = q.paper_id
          WHERE p.campaign_id = ?`,
        [campaignId],
      );
    const byPaper = new Map<number, PaperForFairness['questions'][number][]>();
    for (const r of rows) {
      const list = byPaper.get(Number(r.paperId)) ?? [];
      list.push({ itemId: Number(r.itemId), type: r.type, part: r.part });
      byPaper.set(Number(r.paperId), list);
    }
    const input: PaperForFairness[] = papers.map((p) => ({
      paperId: p.id,
      discipline: p.discipline,
      agencyId: p.agencyId,
      difficulty: p.difficulty,
      targetDifficulty: p.targetDifficulty,
      difficultyTolerance: p.difficultyTolerance,
      questions: byPaper.get(p.id) ?? [],
    }));
    const withPaper = new Set(papers.map((p) => p.technicianId));
    const pool = await this.poolFor(campaignId);
    return {
      ...fairnessReport(campaignId, input, pool.items, pool.enemyGroups),
      missing: sample.filter((s) => !withPaper.has(s.technicianId)).map((s) => s.technicianId),
    };
  }

  // ------------------------------------------------------------ helpers

  private async loadPaper(paperId: number): Promise<{ paper: Paper; questions: PaperQuestion[] }> {
    const paper = await this.dataSource.getRepository(Paper).findOne({ where: { id: paperId } });
    if (!paper) {
      throw new NotFoundError('试卷', paperId);
    }
    const questions = await this.dataSource
      .getRepository(PaperQuestion)
      .find({ where: { paperId }, order: { position: 'ASC' } });
    return { paper, questions };
  }

  /**
   * The frozen item versions of these questions. A version never changes once it exists (an edit makes a new
   * one), so the node keeps what it has read: papers delivered to thousands of candidates then share one copy
   * of each stem and option text instead of one per paper.
   */
  private async versions(questions: readonly PaperQuestion[]): Promise<Map<number, ItemVersionForCandidate>> {
    const ids = [...new Set(questions.map((q) => q.versionId))];
    const map = new Map<number, ItemVersionForCandidate>();
    const missing: number[] = [];
    for (const id of ids) {
      const held = this.versionCache.get(id);
      if (held) {
        map.set(id, held);
      } else {
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      const read = await this.bank.versionsForCandidate(missing);
      if (this.versionCache.size + read.size > MAX_CACHED_VERSIONS) {
        this.versionCache.clear();
      }
      for (const [id, v] of read) {
        map.set(id, v);
        this.versionCache.set(id, v);
      }
    }
    const lost = ids.filter((id) => !map.has(id));
    if (lost.length > 0) {
      throw new Error(`frozen item versions not found: ${lost.join(', ')}`);
    }
    return map;
  }

  private titleOf(campaignName: string, discipline: string): string {
    return `${campaignName}技术人员抽考试卷（${disciplineName(discipline)}）`;
  }

  private ruleTextOf(paper: Paper, questions: readonly PaperQuestion[]): string {
    return ruleText({
      ...paper,
      sections: sectionsOf(questions).map((s) => ({
        type: s.type,
        count: s.questions.length,
        pointsEach: s.pointsEach,
      })),
    });
  }

  private summaryOf(p: Paper, who: SampledTechnician | undefined): PaperSummaryDto {
    return {
      id: p.id,
      campaignId: p.campaignId,
      technicianId: p.technicianId,
      technicianName: who?.name ?? null,
      agencyId: p.agencyId,
      agencyName: who?.agencyName ?? null,
      discipline: p.discipline,
      disciplineName: disciplineName(p.discipline),
      difficulty: p.difficulty,
      targetDifficulty: p.targetDifficulty,
      totalPoints: p.totalPoints,
      durationMinutes: p.durationMinutes,
      passMark: p.passMark,
      multipleRule: p.multipleRule,
      seed: p.seed,
      poolHash: p.poolHash,
      assembledAt: p.assembledAt.toISOString(),
    };
  }

  private async storedBlueprints(m: EntityManager, campaignId: number): Promise<Map<string, Blueprint>> {
    const rows = await m.getRepository(Blueprint).find({ where: { campaignId } });
    return new Map(rows.map((b) => [b.discipline, b]));
  }

  /** The blueprint in force for a key: its own, else the campaign default, else the built-in defaults. */
  private resolve(
    stored: Map<string, Blueprint>,
    key: string,
  ): { spec: BlueprintSpec; origin: BlueprintOrigin; updatedAt: Date | null } {
    const own = stored.get(key);
    if (own) {
      return { spec: specOf(own), origin: 'stored', updatedAt: own.updatedAt };
    }
    const def = stored.get(DEFAULT_BLUEPRINT_KEY);
    if (def && key !== DEFAULT_BLUEPRINT_KEY) {
      return { spec: specOf(def), origin: 'campaign-default', updatedAt: def.updatedAt };
    }
    return { spec: defaultBlueprint(), origin: 'built-in', updatedAt: null };
  }

  /** Checks the campaign exists and the key is 'default' or one of its disciplines; returns its disciplines. */
  private async assertBlueprintKey(campaignId: number, key: string): Promise<string[]> {
    const campaign = await this.sampling.getCampaign(campaignId);
    const disciplines = campaign.settings.disciplines.map((d) => d.code);
    if (key !== DEFAULT_BLUEPRINT_KEY && !disciplines.includes(key)) {
      throw new NotFoundError('专业', key);
    }
    return disciplines;
  }

  /**
   * The disciplines a blueprint key decides: a discipline itself; for the default, the disciplines without a
   * blueprint of their own among the sample's (once drawn and non-empty), else among the campaign's.
   */
  private async governedDisciplines(
    campaignId: number,
    key: string,
    stored: Map<string, Blueprint>,
    campaignDisciplines: string[],
  ): Promise<string[]> {
    if (key !== DEFAULT_BLUEPRINT_KEY) {
      return [key];
    }
    const sampled = [
      ...new Set((await this.sampling.sampledTechnicians(campaignId)).map((s) => s.discipline)),
    ];
    const scope = sampled.length > 0 ? sampled : campaignDisciplines;
    return scope.filter((d) => !stored.has(d)).sort();
  }

  private capacityReports(spec: BlueprintSpec, disciplines: string[], pool: DatedPool): CapacityReport[] {
    if (disciplines.length === 0) {
      return [];
    }
    const index = indexPool(pool.items, pool.enemyGroups);
    return disciplines.map((d) => checkBlueprintCapacity(spec, index, d, pool.excluded));
  }

  /**
   * The approved items current on the campaign's exam date (today in Beijing when it sets none), with those
   * left out for currency and the enemy groups.
   */
  private async poolFor(campaignId: number): Promise<DatedPool> {
    const date = (await this.sampling.examDate(campaignId)) ?? beijingDate(new Date());
    return this.bankPool.poolOn(date);
  }

  private async assertNoPapers(m: EntityManager, campaignId: number, disciplines: string[]): Promise<void> {
    if (disciplines.length === 0) {
      return;
    }
    const rows: Array<{ discipline: string }> = await m
      .getRepository(Paper)
      .createQueryBuilder('p')
      .select('DISTINCT p.discipline', 'discipline')
      .where('p.campaign_id = :campaignId', { campaignId })
      .andWhere('p.discipline IN (:...disciplines)', { disciplines })
      .getRawMany();
    if (rows.length > 0) {
      const names = rows.map((r) => disciplineName(r.discipline)).join('、');
      throw new ConflictError(
        `${names}已有试卷，组卷方案不能再修改（试卷一经组成即冻结，同一批次同一专业须使用同一方案）`,
        'papers_exist',
        rows.map((r) => r.discipline),
      );
    }
  }
}
