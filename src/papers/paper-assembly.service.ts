import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import type { SampledTechnician } from '../sampling/sampled-technician';
import { SamplingService } from '../sampling/sampling.service';
import { AssembledPaper, ExposureTracker, indexPool, PoolIndex, prepareAssembly } from './assemble';
import { BlueprintSpec } from './blueprint';
import { AssembleResultDto } from './dto/paper.dto';
import { encodeKey } from './paper-codec';
import { PaperQuestion } from './paper-question.entity';
import { derivePaperSeed } from './paper-seed';
import { Paper } from './paper.entity';
import { chunks, isUniqueViolation } from '../database/sql';
import { BlueprintsService } from './blueprints.service';

/** Rows per multi-row INSERT (well under both databases' placeholder limits). */
const INSERT_CHUNK = 400;
/** Ids per IN (…) list. */
const IN_CHUNK = 900;

/** Paper assembly: the 组卷 button and, for sessions, the papers of the technicians placed in a sitting. */
@Injectable()
export class PaperAssemblyService {
  /** Assembly for one campaign runs one call at a time on this node (the unique key guards across nodes). */
  private readonly campaignQueues = new Map<number, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly blueprints: BlueprintsService,
    private readonly sampling: SamplingService,
    private readonly audit: AuditService,
  ) {}

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
    const pool = await this.blueprints.poolFor(campaignId);
    const index = indexPool(pool.items, pool.enemyGroups);
    const stored = await this.blueprints.storedBlueprints(this.dataSource.manager, campaignId);
    const tracker = new ExposureTracker(index);
    await this.loadExposure(campaignId, tracker);

    const heldTargets = await this.heldTargets(campaignId);
    const preps = new Map<string, ReturnType<typeof prepareAssembly>>();
    const assembled: Array<{ technician: SampledTechnician; spec: BlueprintSpec; paper: AssembledPaper }> =
      [];
    for (const technicianId of missing) {
      const technician = byTechnician.get(technicianId)!;
      const resolved = this.blueprints.resolve(stored, technician.discipline).spec;
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
}
