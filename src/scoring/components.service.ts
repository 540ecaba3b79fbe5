import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { AgencyComponentRow, ComponentInput } from './agency-component.entity';
import { agencyComponent, CandidateOutcome, COMPONENT_RULE_VERSION } from './component';
import { GradingRepository } from './grading.repository';
import { GradingService } from './grading.service';
import { rankAgencies } from './result-lists';
import { CandidateResult, ResultsService } from './results.service';
import { ScoringSetting } from './scoring-setting.entity';

export interface PreparedResults {
  results: CandidateResult[];
  components: AgencyComponentRow[];
  expertThreshold: number;
}

function outcomeOf(input: ComponentInput): CandidateOutcome {
  switch (input.standing) {
    case 'graded':
      return { status: 'graded', score100: input.score100 };
    case 'voided':
      return { status: 'voided' };
    case 'absent':
      return { status: 'absent' };
  }
}

/**
 * The agencies' 20-point components: computed from the sample and the grades, stored with their inputs and
 * rule version (so a published figure can be recomputed), locked when the results become final.
 */
@Injectable()
export class ComponentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly results: ResultsService,
    private readonly grading: GradingService,
    private readonly repo: GradingRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Grades whatever closed attempt is still ungraded, then refuses while any sampled candidate is pending (an
   * attempt in progress, re-opened, or a sitting still ahead) and otherwise computes every agency's component.
   */
  async compute(actor: Actor, campaignId: number): Promise<PreparedResults> {
    assertAdmin(actor);
    await this.grading.assertNotFinal(campaignId);
    const pendingIds = await this.repo.findClosedAttemptIds({ campaignId }, true);
    if (pendingIds.length > 0) {
      await this.grading.gradeAttempts(pendingIds, { actor: actorRef(actor) });
    }
    const results = await this.results.campaignResults(campaignId);
    const unplaced = results.filter((r) => r.standing === 'unplaced');
    if (unplaced.length > 0) {
      // A drawn technician nobody placed has no outcome yet: scoring them 0 would hide the omission.
      throw new ConflictError(
        `尚有 ${unplaced.length} 名抽中人员未安排考试场次（如 ${unplaced
          .slice(0, 5)
          .map((p) => `${p.agencyName} ${p.name}`)
          .join(
            '、',
          )}），暂不能计算机构得分：请为其安排场次，或登记请假并由替补人员参考，或登记无故缺考及原因`,
        'results_unplaced',
        {
          unplaced: unplaced.map((p) => ({
            technicianId: p.technicianId,
            agencyId: p.agencyId,
            name: p.name,
          })),
        },
      );
    }
    const pending = results.filter((r) => r.standing === 'pending');
    if (pending.length > 0) {
      throw new ConflictError(
        `尚有 ${pending.length} 名考生的考试未结束或未评分（如 ${pending
          .slice(0, 5)
          .map((p) => `${p.agencyName} ${p.name}`)
          .join('、')}），暂不能计算机构得分`,
        'results_pending',
        { pending: pending.map((p) => ({ technicianId: p.technicianId, sittingId: p.sittingId })) },
      );
    }
    const agencies = await this.results.agencies(campaignId);
    const byAgency = new Map<number, CandidateResult[]>();
    for (const r of results) {
      byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r]);
    }
    const now = new Date();
    const rows = agencies.map((a) => {
      const inputs: ComponentInput[] = (byAgency.get(a.agencyId) ?? []).map((r) => ({
        technicianId: r.technicianId,
        standing: r.standing === 'graded' ? 'graded' : r.standing === 'voided' ? 'voided' : 'absent',
        score100: r.standing === 'graded' ? r.score100 : 0,
      }));
      const c = agencyComponent(inputs.map(outcomeOf));
      const row = new AgencyComponentRow();
      Object.assign(row, {
        campaignId,
        agencyId: a.agencyId,
        agencyName: a.name,
        agencyCode: a.code,
        rosterSize: a.n,
        sampleSize: inputs.length,
        counted: c.n,
        scoreSum: c.sum,
        mean: c.mean,
        component: c.component,
        inputs,
        ruleVersion: COMPONENT_RULE_VERSION,
        computedAt: now,
        lockedAt: null,
      });
      return row;
    });
    const expertThreshold = await this.results.expertThreshold(campaignId);
    const saved = await inTransaction(this.ds, async (m) => {
      await this.grading.assertNotFinal(campaignId, m);
      await m.delete(AgencyComponentRow, { campaignId });
      for (let i = 0; i < rows.length; i += 200) {
        await m
          .createQueryBuilder()
          .insert()
          .into(AgencyComponentRow)
          .values(rows.slice(i, i + 200))
          .updateEntity(false)
          .execute();
      }
      await this.audit.record(
        actor,
        {
          action: 'scoring.components',
          target: `campaign:${campaignId}`,
          details: {
            agencies: rows.length,
            withComponent: rows.filter((r) => r.component !== null).length,
            candidates: results.length,
            ruleVersion: COMPONENT_RULE_VERSION,
          },
        },
        m,
      );
      return m.find(AgencyComponentRow, { where: { campaignId }, order: { agencyCode: 'ASC' } });
    });
    return { results, components: saved, expertThreshold };
  }

  async list(actor: Actor, campaignId: number): Promise<AgencyComponentRow[]> {
    assertAdmin(actor);
    return this.stored(campaignId);
  }

  async stored(campaignId: number, m?: EntityManager): Promise<AgencyComponentRow[]> {
    return (m ?? this.ds.manager).find(AgencyComponentRow, {
      where: { campaignId },
      order: { agencyCode: 'ASC' },
    });
  }

  /** The lists the bureau acts on: 不合格, expert-team candidates, agencies by component. */
  async lists(actor: Actor, campaignId: number) {
    assertAdmin(actor);
    const [results, components, expertThreshold] = await Promise.all([
      this.results.campaignResults(campaignId),
      this.stored(campaignId),
      this.results.expertThreshold(campaignId),
    ]);
    return {
      expertThreshold,
      failed: results.filter((r) => r.standing !== 'pending' && r.standing !== 'unplaced' && !r.passed),
      experts: results.filter((r) => r.expert).sort((a, b) => b.score100 - a.score100),
      pending: results.filter((r) => r.standing === 'pending' || r.standing === 'unplaced').length,
      agencies: rankAgencies(components),
    };
  }

  /** Locks the components when the results become final (called inside publication's transaction). */
  async lock(actor: Actor, campaignId: number, m: EntityManager): Promise<number> {
    assertAdmin(actor);
    const now = new Date();
    const r = await m.update(AgencyComponentRow, { campaignId, lockedAt: IsNull() }, { lockedAt: now });
    await this.audit.record(
      actor,
      {
        action: 'scoring.components.lock',
        target: `campaign:${campaignId}`,
        details: { locked: r.affected ?? 0 },
      },
      m,
    );
    return r.affected ?? 0;
  }

  async expertThreshold(actor: Actor, campaignId: number): Promise<number> {
    assertAdmin(actor);
    return this.results.expertThreshold(campaignId);
  }

  async setExpertThreshold(actor: Actor, campaignId: number, threshold: number): Promise<number> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      await this.grading.assertNotFinal(campaignId, m);
      const repo = m.getRepository(ScoringSetting);
      const existing = await repo.findOne({ where: { campaignId } });
      const before = existing?.expertThreshold ?? null;
      if (existing) {
        await repo.update({ id: existing.id }, { expertThreshold: threshold, updatedAt: new Date() });
      } else {
        await repo.insert({ campaignId, expertThreshold: threshold, updatedAt: new Date() });
      }
      await this.audit.record(
        actor,
        {
          action: 'scoring.settings',
          target: `campaign:${campaignId}`,
          details: { expertThreshold: { before, after: threshold } },
        },
        m,
      );
      return threshold;
    });
  }
}
