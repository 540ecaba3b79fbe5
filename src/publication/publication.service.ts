import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { auditHeadOf, AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { SamplingService } from '../sampling/sampling.service';
import type { AgencyComponentRow } from '../scoring/agency-component.entity';
import { COMPONENT_RULE_VERSION } from '../scoring/component';
import { ComponentsService } from '../scoring/components.service';
import { GRADING_RULE_VERSION } from '../scoring/grade-paper';
import { maskName } from '../roster/mask';
import { LISTS_RULE_VERSION, rankAgencies } from '../scoring/result-lists';
import type { CandidateResult } from '../scoring/results.service';
import { CalendarsService } from './calendars.service';
import { identityHash } from './lookup-identity';
import { LookupService } from './lookup.service';
import { chinaDate, mayFinalise } from './notice';
import { Objection } from './objection.entity';
import { PublicationVersion } from './publication-version.entity';
import { Publication } from './publication.entity';
import { PUBLICATION_SETTINGS, PublicationSettings } from './publication.settings';
import { PublishedAgency } from './published-agency.entity';
import { PublishedCandidate, PublishedRemark } from './published-candidate.entity';

export const DEFAULT_OBJECTION_INSTRUCTIONS =
  '对公示结果有异议的，请在公示期内通过本页面“提出异议”提交，写明姓名、联系方式、异议内容及所涉序号或机构；' +
  '我局将逐件核实并答复，更正结果将重新公示。';

function remarkOf(r: CandidateResult): PublishedRemark {
  switch (r.standing) {
    case 'absent':
      return 'absent';
    case 'voided':
      return 'voided';
    case 'graded':
    case 'pending':
    case 'unplaced':
      return null;
  }
}

/**
 * Publication of a campaign's results (公示): frozen, masked rows per version, the notice period fixed at the
 * first publication, corrections as new versions with a change note, and finalisation after the period, which
 * locks the agencies' components. Every act is audited.
 */
@Injectable()
export class PublicationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PUBLICATION_SETTINGS) private readonly settings: PublicationSettings,
    private readonly components: ComponentsService,
    private readonly sampling: SamplingService,
    private readonly calendars: CalendarsService,
    private readonly lookups: LookupService,
    private readonly audit: AuditService,
  ) {}

  async publish(
    actor: Actor,
    campaignId: number,
    dto: { objectionInstructions?: string },
    now: Date = new Date(),
  ): Promise<Publication> {
    assertAdmin(actor);
    const campaign = await this.sampling.getCampaign(campaignId);
    if (await this.find(campaignId)) {
      throw new ConflictError('该批次成绩已公示；如需更正，请重新发布并写明更正说明', 'already_published');
    }
    const publishedOn = chinaDate(now);
    const period = await this.calendars.period(publishedOn, this.settings.NOTICE_WORKING_DAYS);
    const prepared = await this.components.compute(actor, campaignId);
    const published = await inTransaction(this.ds, async (m) => {
      if (await m.findOne(Publication, { where: { campaignId } })) {
        throw new ConflictError('该批次成绩刚被他人公示，请刷新', 'already_published');
      }
      const lookupKey = randomBytes(32).toString('hex');
      await m.insert(Publication, {
        campaignId,
        campaignName: campaign.name,
        currentVersion: 1,
        lookupKey,
        publishedOn,
        noticeStart: period.start,
        noticeEnd: period.end,
        noticeDays: this.settings.NOTICE_WORKING_DAYS,
        objectionInstructions: dto.objectionInstructions?.trim() || DEFAULT_OBJECTION_INSTRUCTIONS,
        firstPublishedAt: now,
        finalisedAt: null,
        finalisedBy: null,
        createdAt: now,
      });
      const counts = await this.writeVersion(m, actor, campaignId, 1, lookupKey, prepared, null, now);
      const recorded = await this.audit.record(
        actor,
        {
          action: 'publication.publish',
          target: `campaign:${campaignId}`,
          details: { version: 1, noticeStart: period.start, noticeEnd: period.end, ...counts },
        },
        m,
      );
      await m.update(PublicationVersion, { campaignId, version: 1 }, { auditHead: auditHeadOf(recorded) });
      return m.findOneByOrFail(Publication, { campaignId });
    });
    this.lookups.forget(campaignId);
    return published;
  }

  /** A correction: recomputes and publishes a new version with the change note; the notice period stays. */
  async republish(
    actor: Actor,
    campaignId: number,
    changeNote: string,
    now: Date = new Date(),
  ): Promise<Publication> {
    assertAdmin(actor);
    const pub = await this.mustFind(campaignId);
    if (pub.finalisedAt) {
      throw new ConflictError('该批次成绩已确定，不能再更正', 'results_final');
    }
    const prepared = await this.components.compute(actor, campaignId);
    const republished = await inTransaction(this.ds, async (m) => {
      const current = await m.findOneByOrFail(Publication, { campaignId });
      if (current.finalisedAt) {
        throw new ConflictError('该批次成绩已确定，不能再更正', 'results_final');
      }
      const version = current.currentVersion + 1;
      const previous = new Map(
        (await m.find(PublishedCandidate, { where: { campaignId, version: current.currentVersion } })).map(
          (c) => [c.technicianId, c],
        ),
      );
      const counts = await this.writeVersion(
        m,
        actor,
        campaignId,
        version,
        current.lookupKey,
        prepared,
        changeNote,
        now,
      );
      await m.update(Publication, { id: current.id }, { currentVersion: version });
      const changed = prepared.results
        .filter((r) => {
          const p = previous.get(r.technicianId);
          return !p || p.score100 !== r.score100 || Boolean(p.passed) !== r.passed;
        })
        .map((r) => ({
          technicianId: r.technicianId,
          before: previous.get(r.technicianId)?.score100 ?? null,
          after: r.score100,
        }));
      const recorded = await this.audit.record(
        actor,
        {
          action: 'publication.republish',
          target: `campaign:${campaignId}`,
          details: { version, changeNote, changed, ...counts },
        },
        m,
      );
      await m.update(PublicationVersion, { campaignId, version }, { auditHead: auditHeadOf(recorded) });
      return m.findOneByOrFail(Publication, { campaignId });
    });
    this.lookups.forget(campaignId);
    return republished;
  }

  /** After the notice period, with every objection answered: the results become final and components lock. */
  async finalise(actor: Actor, campaignId: number, now: Date = new Date()): Promise<Publication> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const pub = await m.findOne(Publication, { where: { campaignId } });
      if (!pub) {
        throw new NotFoundError('该批次的公示', campaignId);
      }
      if (pub.finalisedAt) {
        throw new ConflictError('该批次成绩已确定', 'results_final');
      }
      if (!mayFinalise({ end: pub.noticeEnd }, now)) {
        throw new ConflictError(`公示期至 ${pub.noticeEnd} 结束，期满后方可确定结果`, 'notice_not_over', {
          noticeEnd: pub.noticeEnd,
        });
      }
      const open = await m.count(Objection, { where: { campaignId, status: 'open' } });
      if (open > 0) {
        throw new ConflictError(`尚有 ${open} 件异议未答复，答复后方可确定结果`, 'objections_open', { open });
      }
      await m.update(Publication, { id: pub.id }, { finalisedAt: now, finalisedBy: actor.id });
      const locked = await this.components.lock(actor, campaignId, m);
      await this.audit.record(
        actor,
        {
          action: 'publication.finalise',
          target: `campaign:${campaignId}`,
          details: { version: pub.currentVersion, noticeEnd: pub.noticeEnd, lockedComponents: locked },
        },
        m,
      );
      return m.findOneByOrFail(Publication, { campaignId });
    });
  }

  async state(
    actor: Actor,
    campaignId: number,
  ): Promise<{
    publication: Publication;
    versions: PublicationVersion[];
    objections: { open: number; answered: number };
  }> {
    assertAdmin(actor);
    const publication = await this.mustFind(campaignId);
    const versions = await this.ds
      .getRepository(PublicationVersion)
      .find({ where: { campaignId }, order: { version: 'ASC' } });
    const open = await this.ds.getRepository(Objection).count({ where: { campaignId, status: 'open' } });
    const answered = await this.ds
      .getRepository(Objection)
      .count({ where: { campaignId, status: 'answered' } });
    return { publication, versions, objections: { open, answered } };
  }

  /**
   * The results of a finalised publication as they stand in its last version, for the agency rating (item 19
   * and its consequence lists). Refused until the results are final: the rating never takes a figure that may
   * still change.
   */
  async finalResults(campaignId: number): Promise<{
    version: number;
    finalisedAt: Date;
    expertThreshold: number;
    agencies: PublishedAgency[];
    candidates: PublishedCandidate[];
  }> {
    const pub = await this.mustFind(campaignId);
    if (!pub.finalisedAt) {
      throw new ConflictError('该批次抽考成绩尚未确定（公示期满并确认后方可取用）', 'results_not_final');
    }
    const version = pub.currentVersion;
    const v = await this.ds.getRepository(PublicationVersion).findOneByOrFail({ campaignId, version });
    const agencies = await this.ds.getRepository(PublishedAgency).find({ where: { campaignId, version } });
    const candidates = await this.ds
      .getRepository(PublishedCandidate)
      .find({ where: { campaignId, version }, order: { seq: 'ASC' } });
    return {
      version,
      finalisedAt: pub.finalisedAt,
      expertThreshold: v.rules.expertThreshold,
      agencies,
      candidates,
    };
  }

  /** Working days of a notice period under the current settings. */
  noticeDays(): number {
    return this.settings.NOTICE_WORKING_DAYS;
  }

  find(campaignId: number): Promise<Publication | null> {
    return this.ds.getRepository(Publication).findOne({ where: { campaignId } });
  }

  async mustFind(campaignId: number): Promise<Publication> {
    const p = await this.find(campaignId);
    if (!p) {
      throw new NotFoundError('该批次的公示', campaignId);
    }
    return p;
  }

  private async writeVersion(
    m: EntityManager,
    actor: Actor,
    campaignId: number,
    version: number,
    lookupKey: string,
    prepared: { results: CandidateResult[]; components: AgencyComponentRow[]; expertThreshold: number },
    changeNote: string | null,
    now: Date,
  ): Promise<{ candidates: number; agencies: number; passed: number; failed: number }> {
    const ordered = [...prepared.results].sort(
      (a, b) =>
        a.agencyCode.localeCompare(b.agencyCode) ||
        a.discipline.localeCompare(b.discipline) ||
        a.technicianId - b.technicianId,
    );
    const candidates = ordered.map((r, i) => {
      const row = new PublishedCandidate();
      Object.assign(row, {
        campaignId,
        version,
        seq: i + 1,
        technicianId: r.technicianId,
        agencyId: r.agencyId,
        agencyName: r.agencyName,
        maskedName: maskName(r.name),
        discipline: r.discipline,
        score100: r.score100,
        passed: r.passed,
        remark: remarkOf(r),
        breakdown: { bySection: r.bySection, byPart: r.byPart },
        idHash: identityHash(lookupKey, 'id', r.name, r.idNumber),
        ticketHash: r.ticketNumber ? identityHash(lookupKey, 'ticket', r.name, r.ticketNumber) : null,
      });
      return row;
    });
    for (let i = 0; i < candidates.length; i += 300) {
      await m
        .createQueryBuilder()
        .insert()
        .into(PublishedCandidate)
        .values(candidates.slice(i, i + 300))
        .updateEntity(false)
        .execute();
    }
    const agencies = rankAgencies(prepared.components).map((a) => {
      const row = new PublishedAgency();
      Object.assign(row, {
        campaignId,
        version,
        rank: a.rank,
        agencyId: a.agencyId,
        agencyName: a.agencyName,
        rosterSize: a.rosterSize,
        sampleSize: a.sampleSize,
        mean: a.mean,
        component: a.component,
        ruleVersion: a.ruleVersion,
        inputs: a.inputs,
      });
      return row;
    });
    for (let i = 0; i < agencies.length; i += 300) {
      await m
        .createQueryBuilder()
        .insert()
        .into(PublishedAgency)
        .values(agencies.slice(i, i + 300))
        .updateEntity(false)
        .execute();
    }
    await m.insert(PublicationVersion, {
      campaignId,
      version,
      publishedAt: now,
      publishedBy: actor.id,
      changeNote,
      candidates: candidates.length,
      agencies: agencies.length,
      rules: {
        grading: [GRADING_RULE_VERSION],
        component: COMPONENT_RULE_VERSION,
        lists: LISTS_RULE_VERSION,
        expertThreshold: prepared.expertThreshold,
      },
    });
    const passed = candidates.filter((c) => c.passed).length;
    return {
      candidates: candidates.length,
      agencies: agencies.length,
      passed,
      failed: candidates.length - passed,
    };
  }
}
