import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { disciplineName } from '../config/disciplines';
import { inTransaction } from '../database/transaction';
import { BankPoolService } from '../question-bank/bank-pool.service';
import { beijingDate } from '../question-bank/currency';
import type { DatedPool } from '../question-bank/pool';
import { SamplingService } from '../sampling/sampling.service';
import { indexPool } from './assemble';
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
import { ExamDateResponseDto, SetExamDateDto } from './dto/paper.dto';
import { Paper } from './paper.entity';

export type BlueprintOrigin = BlueprintResponseDto['origin'];

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

/** Blueprints (per discipline and the campaign default), the exam date, and the capacity reports. */
@Injectable()
export class BlueprintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bankPool: BankPoolService,
    private readonly sampling: SamplingService,
    private readonly audit: AuditService,
  ) {}

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

  // ------------------------------------------------------------ exam date

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

  // ------------------------------------------------------------ helpers

  async storedBlueprints(m: EntityManager, campaignId: number): Promise<Map<string, Blueprint>> {
    const rows = await m.getRepository(Blueprint).find({ where: { campaignId } });
    return new Map(rows.map((b) => [b.discipline, b]));
  }

  /** The blueprint in force for a key: its own, else the campaign default, else the built-in defaults. */
  resolve(
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
  async poolFor(campaignId: number): Promise<DatedPool> {
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
