import { BadRequestException, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorRef } from '../common/actor';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { DEFAULT_DISCIPLINES } from '../config/disciplines';
import { inTransaction } from '../database/transaction';
import { maskIdNumber } from '../roster/mask';
import { TechniciansService } from '../roster/technicians.service';
import { CampaignAgency } from './campaign-agency.entity';
import { CampaignCommitment } from './campaign-commitment.entity';
import { CampaignTechnician } from './campaign-technician.entity';
import { Campaign } from './campaign.entity';
import {
  commitmentOf,
  draw,
  DRAW_ALGORITHM,
  DrawAlgorithm,
  drawSeed,
  entropyProblem,
  isDrawAlgorithm,
  ranker,
  rosterHash,
  sampleSize,
} from './draw';
import { DrawEntry, DrawOutcome } from './draw-entry.entity';
import { DRAW_RECORD_FORMAT, DrawRecord } from './draw-record';
import { agencyFigures, drawRecordAgencies, FiguresRow } from './draw-tallies';
import {
  CampaignResponseDto,
  CreateCampaignDto,
  DrawCampaignDto,
  FreezeCampaignDto,
  FreezeResultDto,
  PublicCampaignDto,
  toCampaignResponse,
  UpdateCampaignDto,
} from './dto/campaign.dto';
import { AgencyFiguresDto, ExcusalResultDto, ExcuseTechnicianDto } from './dto/sample.dto';
import { Excusal } from './excusal.entity';
import type { SampledTechnician } from './sampled-technician';
import {
  SAMPLING_DRAWN,
  SAMPLING_SUBSTITUTED,
  SamplingDrawnEvent,
  SamplingSubstitutedEvent,
} from './sampling-events';
import { buildSnapshot, snapshotConflicts, toCanonicalRoster } from './snapshot';
import { pickReplacement } from './substitution';
import { chunks, isUniqueViolation } from '../database/sql';

const INSERT_CHUNK = 400;

/**
 * Campaigns and their verifiable draw: freeze the roster (hash + commitment), draw with public entropy,
 * reveal, substitute excused technicians. Later modules read the sample through sampledTechnicians().
 */
@Injectable()
export class SamplingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roster: TechniciansService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  // ------------------------------------------------------------ for other modules

  /** The campaign (the secret only once drawn). Throws NotFoundError. */
  async getCampaign(campaignId: number): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.findCampaign(this.dataSource.manager, campaignId));
  }

  /** The draw seed (64 hex characters), e.g. to derive per-candidate paper seeds. Throws if not drawn yet. */
  async campaignSeedHex(campaignId: number): Promise<string> {
    const c = await this.findCampaign(this.dataSource.manager, campaignId);
    if (c.status !== 'drawn' || !c.seed) {
      throw new ConflictError('该批次尚未抽取', 'campaign_not_drawn');
    }
    return c.seed;
  }

  /**
   * Records the exam date (the day on which the bank's currency is judged). Papers decide when it may change
   * (BlueprintsService.setExamDate refuses once papers exist).
   */
  async writeExamDate(actor: Actor, id: number, examDate: string): Promise<CampaignResponseDto> {
    assertAdmin(actor);
    return inTransaction(this.dataSource, async (m) => {
      const c = await this.findCampaign(m, id);
      const before = c.examDate;
      c.examDate = examDate;
      await m.save(c);
      await this.audit.record(
        actor,
        { action: 'campaign.exam-date', target: `campaign:${id}`, details: { before, examDate } },
        m,
      );
      return toCampaignResponse(c);
    });
  }

  /** YYYY-MM-DD: the campaign's exam date, on which the bank's currency is judged (null: not set). */
  async examDate(campaignId: number): Promise<string | null> {
    return (await this.findCampaign(this.dataSource.manager, campaignId)).examDate;
  }

  /** The current sample after substitutions: drawn technicians not excused, and substitutes brought in. */
  async sampledTechnicians(campaignId: number): Promise<SampledTechnician[]> {
    await this.findCampaign(this.dataSource.manager, campaignId);
    const rows: Array<{
      technicianId: number;
      techKey: string;
      agencyId: number;
      agencyName: string;
      agencyCode: string;
      name: string;
      idNumber: string;
      discipline: string;
      outcome: string;
    }> = await this.dataSource.query(
      `SELECT t.technician_id AS technicianId, t.tech_key AS techKey, t.agency_id AS agencyId,
              a.name AS agencyName, a.code AS agencyCode, t.name AS name, t.id_number AS idNumber,
              t.discipline AS discipline, d.outcome AS outcome
         FROM campaign_draw_entries d
         JOIN campaign_technicians t ON t.id = d.entry_id
         JOIN campaign_agencies a ON a.campaign_id = d.campaign_id AND a.code = d.agency_code
        WHERE d.campaign_id = ? AND d.state = 'in'
        ORDER BY a.code, d.outcome, d.position`,
      [campaignId],
    );
    return rows.map((r) => ({
      campaignId,
      technicianId: Number(r.technicianId),
      technicianKey: r.techKey,
      agencyId: Number(r.agencyId),
      agencyName: r.agencyName,
      agencyCode: r.agencyCode,
      name: r.name,
      idNumber: r.idNumber,
      discipline: r.discipline,
      via: r.outcome === 'drawn' ? 'drawn' : 'substitute',
    }));
  }

  /** Per agency N, k, the current sample size and whether it is short (after a draw; before it, drawn = 0). */
  async agencyFigures(campaignId: number): Promise<AgencyFiguresDto[]> {
    return this.figures(this.dataSource.manager, campaignId);
  }

  // ------------------------------------------------------------ administration

  async listCampaigns(actor: Actor): Promise<CampaignResponseDto[]> {
    assertAdmin(actor);
    const rows = await this.dataSource.getRepository(Campaign).find({ order: { id: 'DESC' } });
    return rows.map(toCampaignResponse);
  }

  async campaign(actor: Actor, id: number): Promise<CampaignResponseDto> {
    assertAdmin(actor);
    return this.getCampaign(id);
  }

  async createCampaign(actor: Actor, dto: CreateCampaignDto): Promise<CampaignResponseDto> {
    assertAdmin(actor);
    return inTransaction(this.dataSource, async (m) => {
      if (await m.exists(Campaign, { where: { name: dto.name } })) {
        throw new ConflictError(`批次名称已存在：${dto.name}`);
      }
      const c = await m.save(
        m.create(Campaign, {
          name: dto.name,
          year: dto.year,
          status: 'draft',
          settings: {
            ratio: dto.ratio ?? '0.5',
            fullTimeOnly: dto.fullTimeOnly ?? false,
            disciplines: DEFAULT_DISCIPLINES.map((d) => ({ code: d.code, name: d.name })),
            algorithm: dto.algorithm ?? DRAW_ALGORITHM,
          },
          rosterHash: null,
          commitment: null,
          secret: null,
          entropy: null,
          seed: null,
          conflictOverride: null,
          frozenAt: null,
          drawnAt: null,
          createdAt: new Date(),
        }),
      );
      await this.audit.record(
        actor,
        {
          action: 'campaign.create',
          target: `campaign:${c.id}`,
          details: { name: c.name, settings: c.settings },
        },
        m,
      );
      return toCampaignResponse(c);
    });
  }

  async updateCampaign(actor: Actor, id: number, dto: UpdateCampaignDto): Promise<CampaignResponseDto> {
    assertAdmin(actor);
    return inTransaction(this.dataSource, async (m) => {
      const c = await this.findCampaign(m, id);
      if (c.status !== 'draft') {
        throw new ConflictError('名册已冻结，批次设置不能再修改', 'campaign_frozen');
      }
      if (dto.name !== undefined && dto.name !== c.name) {
        if (await m.exists(Campaign, { where: { name: dto.name } })) {
          throw new ConflictError(`批次名称已存在：${dto.name}`);
        }
        c.name = dto.name;
      }
      if (dto.year !== undefined) {
        c.year = dto.year;
      }
      c.settings = {
        ...c.settings,
        ratio: dto.ratio ?? c.settings.ratio,
        fullTimeOnly: dto.fullTimeOnly ?? c.settings.fullTimeOnly,
        algorithm: dto.algorithm ?? c.settings.algorithm,
      };
      await m.save(c);
      await this.audit.record(
        actor,
        { action: 'campaign.update', target: `campaign:${id}`, details: { ...dto } },
        m,
      );
      return toCampaignResponse(c);
    });
  }

  /**
   * Freezes the roster: copies the eligible technicians of every active agency as rows, computes the canonical
   * roster's SHA-256 and a fresh secret's commitment. Refuses while a person is active in two agencies unless
   * an override reason is given. May be repeated until the draw (each time with a new secret).
   */
  async freeze(actor: Actor, id: number, dto: FreezeCampaignDto): Promise<FreezeResultDto> {
    assertAdmin(actor);
    return this.mapRace(() =>
      inTransaction(this.dataSource, async (m) => {
        const c = await this.findCampaign(m, id);
        if (c.status === 'drawn') {
          throw new ConflictError('该批次已抽取，名册快照不能再更改', 'campaign_drawn');
        }
        const source = await this.roster.snapshotSource(m, { fullTimeOnly: c.settings.fullTimeOnly });
        const conflicts = snapshotConflicts(source.technicians);
        if (conflicts.length > 0 && !dto.conflictOverrideReason) {
          throw new ConflictError(
            `有 ${conflicts.length} 名人员同时在两个及以上机构在职，请先在名册中处理冲突，或填写理由后强制继续`,
            'roster_conflicts',
            { conflicts: conflicts.map((x) => ({ ...x, idNumber: maskIdNumber(x.idNumber) })) },
          );
        }
        const snapshot = buildSnapshot(
          source.agencies.map((a) => ({ agencyId: a.id, code: a.code, name: a.name, county: a.county })),
          source.technicians,
        );
        const hash = rosterHash(snapshot.roster);
        const secret = randomBytes(32).toString('hex');
        await m.delete(CampaignTechnician, { campaignId: id });
        await m.delete(CampaignAgency, { campaignId: id });
        const nOf = new Map<string, number>();
        for (const t of snapshot.technicians) {
          nOf.set(t.agencyCode, (nOf.get(t.agencyCode) ?? 0) + 1);
        }
        for (const part of chunks(snapshot.agencies, INSERT_CHUNK)) {
          await m.insert(
            CampaignAgency,
            part.map((a) => {
              const n = nOf.get(a.code) ?? 0;
              return {
                campaignId: id,
                agencyId: a.agencyId,
                code: a.code,
                name: a.name,
                county: a.county,
                n,
                k: sampleSize(n, c.settings.ratio),
              };
            }),
          );
        }
        for (const part of chunks(snapshot.technicians, INSERT_CHUNK)) {
          await m.insert(
            CampaignTechnician,
            part.map((t) => ({
              campaignId: id,
              technicianId: t.technicianId,
              agencyId: t.agencyId,
              agencyCode: t.agencyCode,
              techKey: t.key,
              name: t.name,
              idNumber: t.idNumber,
              maskedName: t.maskedName,
              maskedIdNumber: t.maskedIdNumber,
              discipline: t.discipline,
            })),
          );
        }
        c.status = 'frozen';
        c.rosterHash = hash;
        c.secret = secret;
        c.commitment = commitmentOf(secret);
        c.frozenAt = new Date();
        c.conflictOverride = conflicts.length > 0 ? (dto.conflictOverrideReason ?? null) : null;
        await m.save(c);
        // Appended, never replaced: the public history shows every value ever published (a unique key on
        // (campaign, seq) turns two concurrent freezes into one retry).
        const last = await m.findOne(CampaignCommitment, {
          where: { campaignId: id },
          order: { seq: 'DESC' },
        });
        await m.insert(CampaignCommitment, {
          campaignId: id,
          seq: (last?.seq ?? 0) + 1,
          rosterHash: hash,
          commitment: c.commitment,
          publishedAt: c.frozenAt,
        });
        await this.audit.record(
          actor,
          {
            action: 'campaign.freeze',
            target: `campaign:${id}`,
            details: {
              rosterHash: hash,
              commitment: c.commitment,
              agencies: snapshot.agencies.length,
              technicians: snapshot.technicians.length,
              conflictsOverridden: conflicts.length,
              conflictOverrideReason: c.conflictOverride,
            },
          },
          m,
        );
        return {
          campaign: toCampaignResponse(c),
          agencies: snapshot.agencies.length,
          technicians: snapshot.technicians.length,
          conflictsOverridden: conflicts.length,
        };
      }),
    );
  }

  /**
   * The draw: seed = SHA-256(secret ‖ entropy ‖ roster hash), ranks, k per agency, substitutes; the secret is
   * revealed by the same act. Refuses a second draw, and a snapshot with an unresolved conflict.
   */
  async draw(actor: Actor, id: number, dto: DrawCampaignDto): Promise<CampaignResponseDto> {
    assertAdmin(actor);
    // The DTO refuses these too; checked here as well because the seed hashes exactly this string.
    const problem = entropyProblem(dto.entropy);
    if (problem) {
      throw new BadRequestException(problem);
    }
    const result = await this.mapRace(() =>
      inTransaction(this.dataSource, async (m) => {
        const c = await this.findCampaign(m, id);
        if (c.status === 'draft') {
          throw new ConflictError('请先冻结名册快照', 'campaign_not_frozen');
        }
        if (c.status === 'drawn') {
          throw new ConflictError('该批次已抽取，不能重复抽取', 'campaign_drawn');
        }
        const drawnAt = new Date();
        // Claims the campaign first: a concurrent second draw finds it no longer frozen and stops here.
        const claimed = await m.update(Campaign, { id, status: 'frozen' }, { status: 'drawn', drawnAt });
        if (claimed.affected === 0) {
          throw new ConflictError('该批次已抽取，不能重复抽取', 'campaign_drawn');
        }
        const agencies = await m.find(CampaignAgency, { where: { campaignId: id } });
        const technicians = await m.find(CampaignTechnician, { where: { campaignId: id } });
        const conflicts = snapshotConflicts(technicians);
        const override = c.conflictOverride ?? dto.conflictOverrideReason ?? null;
        if (conflicts.length > 0 && !override) {
          throw new ConflictError(
            `名册快照中有 ${conflicts.length} 名人员同时在两个及以上机构，须处理后重新冻结，或填写理由后强制抽取`,
            'roster_conflicts',
            { conflicts: conflicts.map((x) => ({ ...x, idNumber: maskIdNumber(x.idNumber) })) },
          );
        }
        const roster = toCanonicalRoster(
          agencies,
          technicians.map((t) => ({ ...t, key: t.techKey })),
        );
        const hash = rosterHash(roster);
        if (hash !== c.rosterHash) {
          throw new ConflictError('名册快照与冻结时公布的哈希不一致，拒绝抽取', 'snapshot_tampered', {
            published: c.rosterHash,
            computed: hash,
          });
        }
        const algorithm = c.settings.algorithm;
        if (!isDrawAlgorithm(algorithm)) {
          throw new ConflictError(`未知的抽取算法：${String(algorithm)}`, 'unknown_algorithm');
        }
        const seed = drawSeed(c.secret!, dto.entropy, hash);
        const results = draw(roster, c.settings.ratio, seed, algorithm);
        const entryOf = new Map(technicians.map((t) => [t.techKey, t.id]));
        const rank = ranker(seed);
        const rows: Array<Omit<DrawEntry, 'id' | 'campaign'>> = [];
        const row = (code: string, key: string, outcome: DrawOutcome, i: number) =>
          rows.push({
            campaignId: id,
            entryId: entryOf.get(key)!,
            agencyCode: code,
            rankHex: rank(key),
            outcome,
            position: i + 1,
            state: outcome === 'drawn' ? 'in' : 'out',
          });
        for (const a of results) {
          a.drawn.forEach((key, i) => row(a.code, key, 'drawn', i));
          a.substitutes.forEach((key, i) => row(a.code, key, 'substitute', i));
        }
        for (const part of chunks(rows, INSERT_CHUNK)) {
          await m.insert(DrawEntry, part);
        }
        await m.update(
          Campaign,
          { id },
          { entropy: dto.entropy, seed, conflictOverride: conflicts.length > 0 ? override : null },
        );
        // The record publishes the stored entropy: if the database changed a single character, no verifier
        // could recompute the seed, so the whole draw is rolled back instead.
        const stored = await m.findOneOrFail(Campaign, {
          where: { id },
          select: { id: true, entropy: true },
        });
        if (stored.entropy !== dto.entropy) {
          throw new BadRequestException(
            '公开随机数无法按原样保存（数据库改变了其中的字符），已取消抽取；请重新输入',
          );
        }
        const drawnTotal = results.reduce((s, a) => s + a.drawn.length, 0);
        await this.audit.record(
          actor,
          {
            action: 'campaign.draw',
            target: `campaign:${id}`,
            details: {
              rosterHash: hash,
              entropy: dto.entropy,
              seed,
              secretRevealed: c.secret,
              agencies: results.length,
              technicians: technicians.length,
              drawn: drawnTotal,
              conflictOverrideReason: conflicts.length > 0 ? override : null,
            },
          },
          m,
        );
        return this.findCampaign(m, id);
      }),
    );
    this.events.emit(SAMPLING_DRAWN, { campaignId: id } satisfies SamplingDrawnEvent);
    return toCampaignResponse(result);
  }

  async figuresFor(actor: Actor, id: number): Promise<AgencyFiguresDto[]> {
    assertAdmin(actor);
    return this.agencyFigures(id);
  }

  async sampleFor(actor: Actor, id: number): Promise<SampledTechnician[]> {
    assertAdmin(actor);
    return this.sampledTechnicians(id);
  }

  /**
   * Excuses a technician in the sample (reason and evidence, audited) and brings in the next substitute of
   * the same agency and discipline, else the next of the agency, else nobody (the agency is then short).
   */
  async excuse(actor: Actor, id: number, dto: ExcuseTechnicianDto): Promise<ExcusalResultDto> {
    assertAdmin(actor);
    const result = await this.mapRace(() =>
      inTransaction(this.dataSource, async (m) => {
        const c = await this.findCampaign(m, id);
        if (c.status !== 'drawn') {
          throw new ConflictError('该批次尚未抽取', 'campaign_not_drawn');
        }
        const entry = await m.findOne(CampaignTechnician, {
          where: { campaignId: id, technicianId: dto.technicianId },
        });
        if (!entry) {
          throw new NotFoundError('本批次名册中的技术人员', dto.technicianId);
        }
        const excused = await m.update(
          DrawEntry,
          { campaignId: id, entryId: entry.id, state: 'in' },
          { state: 'excused' },
        );
        if (excused.affected === 0) {
          throw new ConflictError('该人员不在当前抽考名单中（未被抽中或已免考）', 'not_in_sample');
        }
        const subs: Array<{ entryId: number; techKey: string; discipline: string; state: string }> =
          await m.query(
            `SELECT d.entry_id AS entryId, t.tech_key AS techKey, t.discipline AS discipline, d.state AS state
             FROM campaign_draw_entries d JOIN campaign_technicians t ON t.id = d.entry_id
            WHERE d.campaign_id = ? AND d.agency_code = ? AND d.outcome = 'substitute'
            ORDER BY d.position`,
            [id, entry.agencyCode],
          );
        const unavailable = new Set(subs.filter((s) => s.state !== 'out').map((s) => s.techKey));
        const replacementKey = pickReplacement(
          subs.map((s) => ({ key: s.techKey, discipline: s.discipline })),
          unavailable,
          entry.discipline,
        );
        const replacement = replacementKey ? subs.find((s) => s.techKey === replacementKey)! : null;
        let replacementEntry: CampaignTechnician | null = null;
        if (replacement) {
          const brought = await m.update(
            DrawEntry,
            { campaignId: id, entryId: Number(replacement.entryId), state: 'out' },
            { state: 'in' },
          );
          if (brought.affected === 0) {
            throw new ConflictError('递补名单刚被他人更新，请重试', 'retry');
          }
          replacementEntry = await m.findOneByOrFail(CampaignTechnician, { id: Number(replacement.entryId) });
        }
        await m.insert(Excusal, {
          campaignId: id,
          entryId: entry.id,
          replacementEntryId: replacementEntry?.id ?? null,
          reason: dto.reason,
          evidence: dto.evidence,
          actor: actorRef(actor),
          createdAt: new Date(),
        });
        const [agency] = (await this.figures(m, id)).filter((f) => f.code === entry.agencyCode);
        await this.audit.record(
          actor,
          {
            action: 'campaign.excuse',
            target: `campaign:${id}`,
            details: {
              technicianId: entry.technicianId,
              key: entry.techKey,
              reason: dto.reason,
              evidence: dto.evidence,
              replacementTechnicianId: replacementEntry?.technicianId ?? null,
              replacementKey,
              agencyShort: agency.short,
            },
          },
          m,
        );
        return {
          excusedTechnicianId: entry.technicianId,
          replacementTechnicianId: replacementEntry?.technicianId ?? null,
          replacementKey,
          agency,
        };
      }),
    );
    this.events.emit(SAMPLING_SUBSTITUTED, {
      campaignId: id,
      excusedTechnicianId: result.excusedTechnicianId,
      replacementTechnicianId: result.replacementTechnicianId,
    } satisfies SamplingSubstitutedEvent);
    return result;
  }

  // ------------------------------------------------------------------- public

  /** What freezing published; 404 for a draft (nothing is public before the freeze). */
  /**
   * Every campaign whose roster is frozen, newest first, with its published values: the public sees each
   * roster hash and commitment *before* the draw, which is what makes the draw verifiable.
   */
  async publicCampaigns(): Promise<PublicCampaignDto[]> {
    const rows = await this.dataSource.getRepository(Campaign).find({
      select: { id: true, status: true },
      order: { id: 'DESC' },
    });
    return Promise.all(rows.filter((c) => c.status !== 'draft').map((c) => this.publicCampaign(c.id)));
  }

  async publicCampaign(id: number): Promise<PublicCampaignDto> {
    // An unknown id and a draft answer alike: a public route must not tell which ids exist.
    const c = await this.dataSource.manager.findOne(Campaign, { where: { id } });
    if (!c || c.status === 'draft') {
      throw new NotFoundError('已冻结的批次', id);
    }
    const agencies = await this.dataSource.getRepository(CampaignAgency).count({ where: { campaignId: id } });
    const technicians = await this.dataSource
      .getRepository(CampaignTechnician)
      .count({ where: { campaignId: id } });
    const commitments = await this.dataSource
      .getRepository(CampaignCommitment)
      .find({ where: { campaignId: id }, order: { seq: 'ASC' } });
    return {
      id: c.id,
      name: c.name,
      year: c.year,
      status: c.status,
      ratio: c.settings.ratio,
      algorithm: c.settings.algorithm,
      fullTimeOnly: c.settings.fullTimeOnly,
      rosterHash: c.rosterHash,
      commitment: c.commitment,
      frozenAt: c.frozenAt?.toISOString() ?? null,
      drawnAt: c.drawnAt?.toISOString() ?? null,
      agencies,
      technicians,
      commitments: commitments.map((x) => ({
        rosterHash: x.rosterHash,
        commitment: x.commitment,
        publishedAt: x.publishedAt.toISOString(),
      })),
    };
  }

  /** The public draw record (docs/draw.md); 404 until the draw has revealed the secret. */
  async drawRecord(id: number): Promise<DrawRecord> {
    const m = this.dataSource.manager;
    const c = await m.findOne(Campaign, { where: { id } });
    if (!c || c.status !== 'drawn') {
      throw new NotFoundError('已抽取的批次', id);
    }
    const agencies = await m.find(CampaignAgency, { where: { campaignId: id } });
    const technicians = await m.find(CampaignTechnician, { where: { campaignId: id } });
    const entries = await m.find(DrawEntry, { where: { campaignId: id }, order: { position: 'ASC' } });
    const excusals = await m.find(Excusal, { where: { campaignId: id }, order: { id: 'ASC' } });
    const roster = toCanonicalRoster(
      agencies,
      technicians.map((t) => ({ ...t, key: t.techKey })),
    );
    const tech = new Map(technicians.map((t) => [t.id, t]));
    const algorithm = c.settings.algorithm as DrawAlgorithm;
    const perAgency = drawRecordAgencies(
      algorithm,
      roster.agencies.map((a) => a.code),
      agencies,
      technicians,
      entries,
    );
    return {
      format: DRAW_RECORD_FORMAT,
      algorithm,
      campaign: { id: c.id, name: c.name, year: c.year },
      ratio: c.settings.ratio,
      fullTimeOnly: c.settings.fullTimeOnly,
      roster,
      rosterHash: c.rosterHash!,
      commitment: c.commitment!,
      secret: c.secret!,
      entropy: c.entropy!,
      seed: c.seed!,
      frozenAt: c.frozenAt!.toISOString(),
      drawnAt: c.drawnAt!.toISOString(),
      agencies: perAgency,
      excusals: excusals.map((x) => ({
        key: tech.get(x.entryId)!.techKey,
        replacement: x.replacementEntryId ? tech.get(x.replacementEntryId)!.techKey : null,
        at: x.createdAt.toISOString(),
      })),
      auditHead: await this.audit.anchorOf('campaign.draw', `campaign:${id}`),
    };
  }

  // ------------------------------------------------------------------ helpers

  private async figures(m: EntityManager, campaignId: number): Promise<AgencyFiguresDto[]> {
    await this.findCampaign(m, campaignId);
    const agencies = await m.find(CampaignAgency, { where: { campaignId }, order: { code: 'ASC' } });
    const rows: FiguresRow[] = await m.query(
      `SELECT d.agency_code AS agencyCode, d.outcome AS outcome, d.state AS state, t.discipline AS discipline,
                COUNT(*) AS n
           FROM campaign_draw_entries d JOIN campaign_technicians t ON t.id = d.entry_id
          WHERE d.campaign_id = ?
          GROUP BY d.agency_code, d.outcome, d.state, t.discipline`,
      [campaignId],
    );
    return agencyFigures(agencies, rows);
  }

  private async findCampaign(m: EntityManager, id: number): Promise<Campaign> {
    const c = await m.findOne(Campaign, { where: { id } });
    if (!c) {
      throw new NotFoundError('批次', id);
    }
    return c;
  }

  /** Two administrators acting at once: the loser's unique-key violation becomes a 409 to retry. */
  private async mapRace<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError('该批次刚被他人更新，请刷新后重试', 'retry');
      }
      throw err;
    }
  }
}
