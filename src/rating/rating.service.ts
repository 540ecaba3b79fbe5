import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import type { Actor, StaffActor } from '../common/actor';
import { ConflictError, NotFoundError, OwnershipError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { PublicationService } from '../publication/publication.service';
import { Agency } from '../roster/agency.entity';
import {
  AddBonusDto,
  AddDeductionDto,
  AddExpertDto,
  AddServiceObjectDto,
  AddVetoDto,
  CreateRoundDto,
  toCenti,
} from './dto/rating.dto';
import { RatingBonus, RatingVeto } from './entities/bonus-veto.entity';
import { RatingDeduction } from './entities/deduction.entity';
import { RatedAgency } from './entities/rated-agency.entity';
import { RatingAssignment } from './entities/rating-assignment.entity';
import { RatingExpert } from './entities/rating-expert.entity';
import { RatingRound, RoundStages } from './entities/rating-round.entity';
import { RatingServiceObject } from './entities/service-object.entity';
import { SurveyResponse } from './entities/survey.entity';
import { AgencyRating, checkDeduction, DeductionInput, rateAgency, RatingInputError } from './rules/rate';
import { LINYI_2022_40 } from './rules/sheet';

/** Everything recorded against one agency, with the sheet computed from it. */
export interface AgencySheet {
  round: RatingRound;
  agency: RatedAgency;
  rating: AgencyRating;
  deductions: RatingDeduction[];
  objects: RatingServiceObject[];
  bonuses: RatingBonus[];
  vetoes: RatingVeto[];
  surveyResponses: number;
  experts: { userId: number; displayName: string }[];
}

/** The policy's dates (四、时间安排) moved to the round's year. */
export function defaultStages(year: number): RoundStages {
  return {
    selfAssessment: { start: `${year}-04-10`, end: `${year}-04-25` },
    inspection: { start: `${year}-04-25`, end: `${year}-07-15` },
    classification: { start: `${year}-07-15`, end: `${year}-08-30` },
  };
}

function stageProblems(s: RoundStages): string[] {
  const problems: string[] = [];
  const named: [string, { start: string; end: string }][] = [
    ['自查自评', s.selfAssessment],
    ['检查评估', s.inspection],
    ['分类评定', s.classification],
  ];
  for (const [name, st] of named) {
    if (st.start > st.end) {
      problems.push(`${name}阶段的开始日期晚于结束日期`);
    }
  }
  if (s.selfAssessment.start > s.inspection.start || s.inspection.start > s.classification.start) {
    problems.push('阶段应按 自查自评 → 检查评估 → 分类评定 的顺序');
  }
  return problems;
}

/**
 * The rating round and its sheets: agencies taken from the roster, experts with their conflicts of interest,
 * deductions with evidence, inspected service objects, item 19 from the exam's finalised publication, bonuses
 * and vetoes. Every write is audited in the transaction that makes it.
 */
@Injectable()
export class RatingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly publication: PublicationService,
    private readonly audit: AuditService,
  ) {}

  async createRound(actor: Actor, dto: CreateRoundDto, now = new Date()): Promise<RatingRound> {
    assertAdmin(actor);
    const stages = dto.stages ?? defaultStages(dto.year);
    const problems = stageProblems(stages);
    if (problems.length > 0) {
      throw new RuleViolationError(problems.join('；'), 'invalid_stages', problems);
    }
    return inTransaction(this.ds, async (m) => {
      if (await m.findOne(RatingRound, { where: { year: dto.year } })) {
        throw new ConflictError(`${dto.year} 年度的评定已经创建`, 'round_exists');
      }
      const agencies = dto.agencyIds
        ? await m.find(Agency, { where: { id: In(dto.agencyIds) }, order: { code: 'ASC' } })
        : await m.find(Agency, { where: { active: true }, order: { code: 'ASC' } });
      if (dto.agencyIds) {
        const found = new Set(agencies.map((a) => a.id));
        const unknown = dto.agencyIds.filter((id) => !found.has(id));
        if (unknown.length > 0) {
          throw new RuleViolationError(
            `名册中没有这些机构：${unknown.join('、')}`,
            'unknown_agencies',
            unknown,
          );
        }
      }
      const inserted = await m.insert(RatingRound, {
        year: dto.year,
        name: dto.name.trim(),
        rules: structuredClone(LINYI_2022_40),
        stages,
        examCampaignId: null,
        examVersion: null,
        examTakenAt: null,
        currentVersion: 0,
        publishedOn: null,
        noticeStart: null,
        noticeEnd: null,
        finalisedAt: null,
        createdBy: actor.id,
        createdAt: now,
      });
      const roundId = (inserted.identifiers[0] as { id: number }).id;
      for (const a of agencies) {
        await m.insert(RatedAgency, {
          roundId,
          agencyId: a.id,
          code: a.code,
          name: a.name,
          county: a.county,
          status: 'rating',
          statusReason: null,
          examComponent: null,
          excuseReason: null,
          selfAssessedAt: null,
          createdAt: now,
        });
      }
      await this.audit.record(
        actor,
        {
          action: 'rating.round.create',
          target: `rating-round:${roundId}`,
          details: { year: dto.year, rulesVersion: LINYI_2022_40.version, stages, agencies: agencies.length },
        },
        m,
      );
      return m.findOneByOrFail(RatingRound, { id: roundId });
    });
  }

  async listRounds(actor: Actor): Promise<RatingRound[]> {
    this.assertStaff(actor);
    return this.ds.getRepository(RatingRound).find({ order: { year: 'DESC' } });
  }

  async round(actor: Actor, roundId: number): Promise<{ round: RatingRound; agencies: RatedAgency[] }> {
    this.assertStaff(actor);
    const round = await this.mustRound(this.ds.manager, roundId);
    let agencies = await this.ds
      .getRepository(RatedAgency)
      .find({ where: { roundId }, order: { code: 'ASC' } });
    if (!this.isAdmin(actor)) {
      const mine = new Set(
        (await this.ds.getRepository(RatingAssignment).find({ where: { roundId, userId: actor.id } })).map(
          (a) => a.ratedAgencyId,
        ),
      );
      agencies = agencies.filter((a) => mine.has(a.id));
    }
    return { round, agencies };
  }

  /** Item 19: each agency's component from the campaign's finalised publication, with its version. */
  async takeExam(actor: Actor, roundId: number, campaignId: number, now = new Date()): Promise<RatingRound> {
    assertAdmin(actor);
    const results = await this.publication.finalResults(campaignId);
    const byAgency = new Map(results.agencies.map((a) => [a.agencyId, a.component]));
    return inTransaction(this.ds, async (m) => {
      const round = await this.mustRound(m, roundId);
      this.assertNotFinal(round);
      const agencies = await m.find(RatedAgency, { where: { roundId } });
      const taken: { agencyId: number; before: number | null; after: number | null }[] = [];
      for (const a of agencies) {
        const component = byAgency.get(a.agencyId) ?? null;
        if (component !== a.examComponent) {
          taken.push({ agencyId: a.agencyId, before: a.examComponent, after: component });
        }
        await m.update(RatedAgency, { id: a.id }, { examComponent: component });
      }
      await m.update(
        RatingRound,
        { id: roundId },
        { examCampaignId: campaignId, examVersion: results.version, examTakenAt: now },
      );
      await this.audit.record(
        actor,
        {
          action: 'rating.exam.take',
          target: `rating-round:${roundId}`,
          details: {
            campaignId,
            publicationVersion: results.version,
            withComponent: agencies.filter((a) => (byAgency.get(a.agencyId) ?? null) !== null).length,
            changed: taken,
          },
        },
        m,
      );
      return m.findOneByOrFail(RatingRound, { id: roundId });
    });
  }

  /** The self-assessment with its 附件2/附件3 lists was received. */
  async markSelfAssessed(actor: Actor, ratedAgencyId: number, now = new Date()): Promise<RatedAgency> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      await m.update(RatedAgency, { id: a.id }, { selfAssessedAt: now });
      await this.audit.record(
        actor,
        {
          action: 'rating.agency.self-assessed',
          target: `rating-agency:${a.id}`,
          details: { agencyId: a.agencyId },
        },
        m,
      );
      return m.findOneByOrFail(RatedAgency, { id: a.id });
    });
  }

  /** 视为主动放弃 (or a withdrawal): the agency leaves the round's grading; the reason is kept. */
  async withdraw(actor: Actor, ratedAgencyId: number, reason: string): Promise<RatedAgency> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      this.assertNotFinal(await this.mustRound(m, a.roundId));
      await m.update(RatedAgency, { id: a.id }, { status: 'withdrawn', statusReason: reason.trim() });
      await this.audit.record(
        actor,
        {
          action: 'rating.agency.withdraw',
          target: `rating-agency:${a.id}`,
          details: { agencyId: a.agencyId, reason: reason.trim() },
        },
        m,
      );
      return m.findOneByOrFail(RatedAgency, { id: a.id });
    });
  }

  async addExpert(actor: Actor, roundId: number, dto: AddExpertDto, now = new Date()): Promise<RatingExpert> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      await this.mustRound(m, roundId);
      const user = await m.findOne(User, { where: { id: dto.userId } });
      if (!user || user.role !== 'inspector') {
        throw new RuleViolationError('只能添加角色为“检查专家”的用户', 'not_inspector');
      }
      if (await m.findOne(RatingExpert, { where: { roundId, userId: dto.userId } })) {
        throw new ConflictError('该专家已在本轮评定中', 'expert_exists');
      }
      const conflicts = [...new Set(dto.conflictAgencyIds ?? [])];
      await m.insert(RatingExpert, {
        roundId,
        userId: dto.userId,
        homeAgencyId: dto.homeAgencyId ?? null,
        conflictAgencyIds: conflicts,
        conflictNote: dto.conflictNote?.trim() || null,
        createdBy: actor.id,
        createdAt: now,
      });
      await this.audit.record(
        actor,
        {
          action: 'rating.expert.add',
          target: `rating-round:${roundId}`,
          details: {
            userId: dto.userId,
            homeAgencyId: dto.homeAgencyId ?? null,
            conflictAgencyIds: conflicts,
            conflictNote: dto.conflictNote ?? null,
          },
        },
        m,
      );
      return m.findOneByOrFail(RatingExpert, { roundId, userId: dto.userId });
    });
  }

  async experts(actor: Actor, roundId: number): Promise<RatingExpert[]> {
    assertAdmin(actor);
    return this.ds.getRepository(RatingExpert).find({ where: { roundId }, order: { id: 'ASC' } });
  }

  /** Assigns an expert to an agency: never to their own agency, nor to one they declared a conflict with. */
  async assign(
    actor: Actor,
    ratedAgencyId: number,
    userId: number,
    now = new Date(),
  ): Promise<RatingAssignment> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      const expert = await m.findOne(RatingExpert, { where: { roundId: a.roundId, userId } });
      if (!expert) {
        throw new RuleViolationError('请先将该用户添加为本轮检查专家并申报利害关系', 'not_round_expert');
      }
      if (expert.homeAgencyId === a.agencyId) {
        throw new ConflictError(`回避：该专家就职于${a.name}，不得检查本机构`, 'conflict_of_interest');
      }
      if (expert.conflictAgencyIds.includes(a.agencyId)) {
        throw new ConflictError(`回避：该专家已申报与${a.name}存在利害关系`, 'conflict_of_interest');
      }
      if (await m.findOne(RatingAssignment, { where: { ratedAgencyId, userId } })) {
        throw new ConflictError('该专家已分配到此机构', 'already_assigned');
      }
      await m.insert(RatingAssignment, {
        roundId: a.roundId,
        ratedAgencyId,
        userId,
        createdBy: actor.id,
        createdAt: now,
      });
      await this.audit.record(
        actor,
        { action: 'rating.expert.assign', target: `rating-agency:${ratedAgencyId}`, details: { userId } },
        m,
      );
      return m.findOneByOrFail(RatingAssignment, { ratedAgencyId, userId });
    });
  }

  async addServiceObject(
    actor: Actor,
    ratedAgencyId: number,
    dto: AddServiceObjectDto,
    now = new Date(),
  ): Promise<RatingServiceObject> {
    await this.assertMayInspect(actor, ratedAgencyId);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      this.assertWritable(await this.mustRound(m, a.roundId), a);
      const inserted = await m.insert(RatingServiceObject, {
        ratedAgencyId,
        name: dto.name.trim(),
        kind: dto.kind,
        createdBy: actor.id,
        createdAt: now,
      });
      const id = (inserted.identifiers[0] as { id: number }).id;
      await this.audit.record(
        actor,
        {
          action: 'rating.object.add',
          target: `rating-agency:${ratedAgencyId}`,
          details: { serviceObjectId: id, name: dto.name.trim(), kind: dto.kind },
        },
        m,
      );
      return m.findOneByOrFail(RatingServiceObject, { id });
    });
  }

  async addDeduction(
    actor: Actor,
    ratedAgencyId: number,
    dto: AddDeductionDto,
    now = new Date(),
  ): Promise<RatingDeduction> {
    const staff = await this.assertMayInspect(actor, ratedAgencyId);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      const round = await this.mustRound(m, a.roundId);
      this.assertWritable(round, a);
      const source = dto.serviceObjectId === undefined ? 'agency' : 'service-object';
      try {
        checkDeduction(round.rules, dto, source);
      } catch (err) {
        if (err instanceof RatingInputError) {
          throw new RuleViolationError(err.message, 'invalid_deduction');
        }
        throw err;
      }
      if (dto.serviceObjectId !== undefined) {
        const object = await m.findOne(RatingServiceObject, { where: { id: dto.serviceObjectId } });
        if (!object || object.ratedAgencyId !== ratedAgencyId) {
          throw new NotFoundError('该机构的现场检查服务对象', dto.serviceObjectId);
        }
      }
      const user = await m.findOneByOrFail(User, { id: staff.id });
      const inserted = await m.insert(RatingDeduction, {
        ratedAgencyId,
        serviceObjectId: dto.serviceObjectId ?? null,
        item: dto.item,
        rule: dto.rule,
        count: dto.count,
        evidence: dto.evidence.trim(),
        recordedBy: staff.id,
        recordedByName: user.displayName,
        createdAt: now,
        withdrawnAt: null,
        withdrawnBy: null,
      });
      const id = (inserted.identifiers[0] as { id: number }).id;
      await this.audit.record(
        actor,
        {
          action: 'rating.deduction.add',
          target: `rating-agency:${ratedAgencyId}`,
          details: {
            deductionId: id,
            item: dto.item,
            rule: dto.rule,
            count: dto.count,
            serviceObjectId: dto.serviceObjectId ?? null,
            evidence: dto.evidence.trim(),
          },
        },
        m,
      );
      return m.findOneByOrFail(RatingDeduction, { id });
    });
  }

  /** A withdrawn deduction stops counting and stays on record. */
  async withdrawDeduction(actor: Actor, deductionId: number, now = new Date()): Promise<RatingDeduction> {
    const d = await this.ds.getRepository(RatingDeduction).findOne({ where: { id: deductionId } });
    if (!d) {
      throw new NotFoundError('扣分记录', deductionId);
    }
    const staff = await this.assertMayInspect(actor, d.ratedAgencyId);
    if (!this.isAdmin(actor) && d.recordedBy !== staff.id) {
      throw new OwnershipError('只能撤回本人录入的扣分');
    }
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, d.ratedAgencyId);
      this.assertWritable(await this.mustRound(m, a.roundId), a);
      const res = await m.update(
        RatingDeduction,
        { id: deductionId, withdrawnAt: IsNull() },
        { withdrawnAt: now, withdrawnBy: staff.id },
      );
      if (!res.affected) {
        throw new ConflictError('该扣分已撤回', 'already_withdrawn');
      }
      await this.audit.record(
        actor,
        {
          action: 'rating.deduction.withdraw',
          target: `rating-agency:${d.ratedAgencyId}`,
          details: { deductionId, item: d.item, rule: d.rule, count: d.count },
        },
        m,
      );
      return m.findOneByOrFail(RatingDeduction, { id: deductionId });
    });
  }

  async addBonus(
    actor: Actor,
    ratedAgencyId: number,
    dto: AddBonusDto,
    now = new Date(),
  ): Promise<RatingBonus> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      this.assertWritable(await this.mustRound(m, a.roundId), a);
      const points = toCenti(dto.points);
      const inserted = await m.insert(RatingBonus, {
        ratedAgencyId,
        points,
        reason: dto.reason.trim(),
        authority: dto.authority.trim(),
        recordedBy: actor.id,
        createdAt: now,
      });
      const id = (inserted.identifiers[0] as { id: number }).id;
      await this.audit.record(
        actor,
        {
          action: 'rating.bonus.add',
          target: `rating-agency:${ratedAgencyId}`,
          details: { bonusId: id, points, reason: dto.reason.trim(), authority: dto.authority.trim() },
        },
        m,
      );
      return m.findOneByOrFail(RatingBonus, { id });
    });
  }

  async addVeto(actor: Actor, ratedAgencyId: number, dto: AddVetoDto, now = new Date()): Promise<RatingVeto> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const a = await this.mustAgency(m, ratedAgencyId);
      this.assertWritable(await this.mustRound(m, a.roundId), a);
      const inserted = await m.insert(RatingVeto, {
        ratedAgencyId,
        code: dto.code,
        evidence: dto.evidence.trim(),
        recordedBy: actor.id,
        createdAt: now,
      });
      const id = (inserted.identifiers[0] as { id: number }).id;
      await this.audit.record(
        actor,
        {
          action: 'rating.veto.add',
          target: `rating-agency:${ratedAgencyId}`,
          details: { vetoId: id, code: dto.code, evidence: dto.evidence.trim() },
        },
        m,
      );
      return m.findOneByOrFail(RatingVeto, { id });
    });
  }

  /** One agency's sheet, computed from its entries under the round's frozen rules. */
  async sheet(actor: Actor, ratedAgencyId: number): Promise<AgencySheet> {
    await this.assertMayInspect(actor, ratedAgencyId);
    return this.computeSheet(this.ds.manager, ratedAgencyId);
  }

  /** Every agency of the round with its computed sheet (the dashboard and the publication). */
  async sheets(actor: Actor, roundId: number, m: EntityManager = this.ds.manager): Promise<AgencySheet[]> {
    assertAdmin(actor);
    const agencies = await m.find(RatedAgency, { where: { roundId }, order: { code: 'ASC' } });
    const out: AgencySheet[] = [];
    for (const a of agencies) {
      out.push(await this.computeSheet(m, a.id));
    }
    return out;
  }

  async computeSheet(m: EntityManager, ratedAgencyId: number): Promise<AgencySheet> {
    const agency = await this.mustAgency(m, ratedAgencyId);
    const round = await this.mustRound(m, agency.roundId);
    const deductions = await m.find(RatingDeduction, { where: { ratedAgencyId }, order: { id: 'ASC' } });
    const objects = await m.find(RatingServiceObject, { where: { ratedAgencyId }, order: { id: 'ASC' } });
    const bonuses = await m.find(RatingBonus, { where: { ratedAgencyId }, order: { id: 'ASC' } });
    const vetoes = await m.find(RatingVeto, { where: { ratedAgencyId }, order: { id: 'ASC' } });
    const responses = await m.find(SurveyResponse, { where: { ratedAgencyId } });
    const live = deductions.filter((d) => !d.withdrawnAt);
    const asInput = (d: RatingDeduction): DeductionInput => ({ item: d.item, rule: d.rule, count: d.count });
    const rating = rateAgency(round.rules, {
      agency: live.filter((d) => d.serviceObjectId === null).map(asInput),
      objects: objects.map((o) => live.filter((d) => d.serviceObjectId === o.id).map(asInput)),
      exam: agency.examComponent,
      survey: responses.map((r) => r.scores),
      bonus: bonuses.map((b) => b.points),
      vetoes: vetoes.map((v) => v.code),
    });
    const assigned = await m.find(RatingAssignment, { where: { ratedAgencyId } });
    const users = assigned.length
      ? await m.find(User, { where: { id: In(assigned.map((x) => x.userId)) } })
      : [];
    return {
      round,
      agency,
      rating,
      deductions,
      objects,
      bonuses,
      vetoes,
      surveyResponses: responses.length,
      experts: users.map((u) => ({ userId: u.id, displayName: u.displayName })),
    };
  }

  async mustRound(m: EntityManager, roundId: number): Promise<RatingRound> {
    const r = await m.findOne(RatingRound, { where: { id: roundId } });
    if (!r) {
      throw new NotFoundError('评定轮次', roundId);
    }
    return r;
  }

  async mustAgency(m: EntityManager, ratedAgencyId: number): Promise<RatedAgency> {
    const a = await m.findOne(RatedAgency, { where: { id: ratedAgencyId } });
    if (!a) {
      throw new NotFoundError('参评机构', ratedAgencyId);
    }
    return a;
  }

  assertNotFinal(round: RatingRound): void {
    if (round.finalisedAt) {
      throw new ConflictError('本轮评定结果已确定，不能再修改', 'rating_final');
    }
  }

  private assertWritable(round: RatingRound, a: RatedAgency): void {
    this.assertNotFinal(round);
    if (a.status === 'withdrawn') {
      throw new ConflictError(`${a.name}已退出本轮评定（${a.statusReason ?? ''}）`, 'agency_withdrawn');
    }
  }

  private isAdmin(actor: Actor): boolean {
    return actor.kind === 'staff' && actor.role === 'admin';
  }

  private assertStaff(actor: Actor): asserts actor is StaffActor {
    if (actor.kind !== 'staff' || (actor.role !== 'admin' && actor.role !== 'inspector')) {
      throw new OwnershipError('仅管理员和检查专家可访问评定');
    }
  }

  /** Administrators, or an inspector assigned to the agency. */
  /** Admins, and the inspectors assigned to the agency (403 otherwise). */
  async assertMayInspect(actor: Actor, ratedAgencyId: number): Promise<StaffActor> {
    this.assertStaff(actor);
    if (actor.role === 'admin') {
      return actor;
    }
    const assigned = await this.ds
      .getRepository(RatingAssignment)
      .findOne({ where: { ratedAgencyId, userId: actor.id } });
    if (!assigned) {
      throw new OwnershipError('您未被分配检查该机构');
    }
    return actor;
  }
}
