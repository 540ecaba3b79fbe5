import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin, assertStaffOfSitting } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { completeSettings } from '../proctoring/thresholds';
import { maskIdNumber } from '../roster/mask';
import { Attempt } from './attempt.entity';
import { candidateState } from './candidate-state';
import { lockForUpdate } from '../database/sql';
import {
  AccessCodeResponseDto,
  AssignCandidatesDto,
  AssignResultDto,
  CreateSittingDto,
  SetProctorsDto,
  SittingCandidateResponseDto,
  SittingResponseDto,
  toSittingCandidateResponse,
  toSittingResponse,
  UpdateSittingDto,
} from './dto/sitting.dto';
import { PaperSource } from '../papers/paper-source';
import { SampleSource } from './sample-source';
import type { SampledTechnician } from '../sampling/sampled-technician';
import { fillSeats } from './sitting-split';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import type { SessionsSettings } from './sessions.settings';
import { SittingCandidate } from './sitting-candidate.entity';
import { SittingProctor } from './sitting-proctor.entity';
import { Sitting } from './sitting.entity';
import QRCode from 'qrcode';
import { examAddress, renderAdmissionTickets, ticketLoginLink, ticketNumber } from './ticket';
import { storedExamAddress } from './exam-address.service';
import { disciplineName } from '../config/disciplines';
import { Campaign } from '../sampling/campaign.entity';
import { assertCampaignNotPublished } from './campaign-freeze';

/** Six random digits. */
export function newAccessCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Sittings, their proctors and candidates, admission tickets and the access code. */
@Injectable()
export class SittingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    @Inject(SampleSource) private readonly samples: SampleSource,
    @Inject(PaperSource) private readonly papers: PaperSource,
    @Inject(SESSIONS_SETTINGS) private readonly settings: SessionsSettings,
  ) {}

  async proctorIds(sittingId: number): Promise<number[]> {
    const rows = await this.ds.getRepository(SittingProctor).find({ where: { sittingId } });
    return rows.map((r) => r.userId);
  }

  /** The sitting, after checking that the actor administers or proctors it. */
  async sittingFor(actor: Actor, sittingId: number): Promise<Sitting> {
    const sitting = await this.ds.getRepository(Sitting).findOne({ where: { id: sittingId } });
    if (!sitting) {
      throw new NotFoundError('场次', sittingId);
    }
    assertStaffOfSitting(actor, await this.proctorIds(sittingId));
    return sitting;
  }

  async create(actor: Actor, dto: CreateSittingDto): Promise<SittingResponseDto> {
    assertAdmin(actor);
    await this.checkCampaign(dto.campaignId);
    const windowStart = new Date(dto.windowStart);
    const windowEnd = new Date(dto.windowEnd);
    checkWindow(windowStart, windowEnd);
    const proctorIds = [...new Set(dto.proctorIds ?? [])];
    await this.checkProctors(proctorIds);
    return inTransaction(this.ds, async (m) => {
      const sitting = await m.getRepository(Sitting).save(
        m.getRepository(Sitting).create({
          campaignId: dto.campaignId,
          name: dto.name,
          mode: dto.mode,
          location: dto.location,
          windowStart,
          windowEnd,
          durationSeconds: dto.durationSeconds,
          lateEntrySeconds: dto.lateEntrySeconds,
          capacity: dto.capacity,
          accessCode: newAccessCode(),
          accessCodeRevealedAt: null,
          proctoring: completeSettings(dto.proctoring),
          createdAt: new Date(),
        }),
      );
      if (proctorIds.length > 0) {
        await m
          .getRepository(SittingProctor)
          .insert(proctorIds.map((userId) => ({ sittingId: sitting.id, userId })));
      }
      await this.audit.record(
        actor,
        {
          action: 'sitting.create',
          target: `sitting:${sitting.id}`,
          details: { ...dto, proctorIds },
        },
        m,
      );
      return toSittingResponse(sitting, proctorIds, 0);
    });
  }

  async update(actor: Actor, id: number, dto: UpdateSittingDto): Promise<SittingResponseDto> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const sitting = await m.getRepository(Sitting).findOne({ where: { id } });
      if (!sitting) {
        throw new NotFoundError('场次', id);
      }
      await assertCampaignNotPublished(m, sitting.campaignId);
      if (sitting.closedAt) {
        throw new ConflictError('场次已结束，不能再修改', 'sitting-closed');
      }
      const before = {
        name: sitting.name,
        location: sitting.location,
        windowStart: sitting.windowStart.toISOString(),
        windowEnd: sitting.windowEnd.toISOString(),
        durationSeconds: sitting.durationSeconds,
        lateEntrySeconds: sitting.lateEntrySeconds,
        capacity: sitting.capacity,
      };
      const started = await m.getRepository(Attempt).count({ where: { sittingId: id } });
      if (started > 0 && (dto.windowStart || dto.durationSeconds !== undefined)) {
        throw new ConflictError('已有考生开始答题，不能再修改开考时间或答题时长（请用延长时间）');
      }
      if (dto.name !== undefined) {
        sitting.name = dto.name;
      }
      if (dto.location !== undefined) {
        sitting.location = dto.location;
      }
      if (dto.windowStart !== undefined) {
        sitting.windowStart = new Date(dto.windowStart);
      }
      if (dto.windowEnd !== undefined) {
        sitting.windowEnd = new Date(dto.windowEnd);
      }
      checkWindow(sitting.windowStart, sitting.windowEnd);
      if (dto.durationSeconds !== undefined) {
        sitting.durationSeconds = dto.durationSeconds;
      }
      if (dto.lateEntrySeconds !== undefined) {
        sitting.lateEntrySeconds = dto.lateEntrySeconds;
      }
      if (dto.capacity !== undefined) {
        const placed = await m.getRepository(SittingCandidate).count({ where: { sittingId: id } });
        if (dto.capacity < placed) {
          throw new RuleViolationError(`容量 ${dto.capacity} 小于已安排的考生数 ${placed}`);
        }
        sitting.capacity = dto.capacity;
      }
      if (dto.proctoring !== undefined) {
        sitting.proctoring = completeSettings({
          thresholds: { ...sitting.proctoring.thresholds, ...(dto.proctoring.thresholds ?? {}) },
        });
      }
      await m.getRepository(Sitting).save(sitting);
      await this.audit.record(
        actor,
        { action: 'sitting.update', target: `sitting:${id}`, details: { ...dto, before } },
        m,
      );
      const proctorIds = (await m.getRepository(SittingProctor).find({ where: { sittingId: id } })).map(
        (p) => p.userId,
      );
      const count = await m.getRepository(SittingCandidate).count({ where: { sittingId: id } });
      return toSittingResponse(sitting, proctorIds, count);
    });
  }

  async list(actor: Actor, campaignId?: number): Promise<SittingResponseDto[]> {
    if (actor.kind !== 'staff') {
      return [];
    }
    const qb = this.ds.getRepository(Sitting).createQueryBuilder('s').orderBy('s.window_start', 'ASC');
    if (campaignId) {
      qb.andWhere('s.campaign_id = :campaignId', { campaignId });
    }
    if (actor.role !== 'admin') {
      qb.andWhere('s.id IN (SELECT p.sitting_id FROM sitting_proctors p WHERE p.user_id = :uid)', {
        uid: actor.id,
      });
    }
    const sittings = await qb.getMany();
    if (sittings.length === 0) {
      return [];
    }
    const ids = sittings.map((s) => s.id);
    const proctors = await this.ds.getRepository(SittingProctor).find({ where: { sittingId: In(ids) } });
    const counts: Array<{ sid: number | string; n: number | string }> = await this.ds
      .getRepository(SittingCandidate)
      .createQueryBuilder('c')
      .select('c.sitting_id', 'sid')
      .addSelect('COUNT(*)', 'n')
      .where('c.sitting_id IN (:...ids)', { ids })
      .groupBy('c.sitting_id')
      .getRawMany();
    return sittings.map((s) =>
      toSittingResponse(
        s,
        proctors.filter((p) => p.sittingId === s.id).map((p) => p.userId),
        Number(counts.find((c) => Number(c.sid) === s.id)?.n ?? 0),
      ),
    );
  }

  async get(actor: Actor, id: number): Promise<SittingResponseDto> {
    const sitting = await this.sittingFor(actor, id);
    const count = await this.ds.getRepository(SittingCandidate).count({ where: { sittingId: id } });
    return toSittingResponse(sitting, await this.proctorIds(id), count);
  }

  async setProctors(actor: Actor, id: number, dto: SetProctorsDto): Promise<SittingResponseDto> {
    assertAdmin(actor);
    const userIds = [...new Set(dto.userIds)];
    await this.checkProctors(userIds);
    await inTransaction(this.ds, async (m) => {
      const sitting = await m.getRepository(Sitting).findOne({ where: { id } });
      if (!sitting) {
        throw new NotFoundError('场次', id);
      }
      await assertCampaignNotPublished(m, sitting.campaignId);
      await m.getRepository(SittingProctor).delete({ sittingId: id });
      if (userIds.length > 0) {
        await m.getRepository(SittingProctor).insert(userIds.map((userId) => ({ sittingId: id, userId })));
      }
      await this.audit.record(
        actor,
        { action: 'sitting.set-proctors', target: `sitting:${id}`, details: { userIds } },
        m,
      );
    });
    return this.get(actor, id);
  }

  /**
   * Places drawn technicians of the sitting's campaign in it, each with a seat and an admission ticket, then
   * has their papers assembled (so that no start waits for assembly). A technician sits in one sitting of a
   * campaign only; an agency's candidates may be spread over several sittings.
   */
  async assign(actor: Actor, id: number, dto: AssignCandidatesDto): Promise<AssignResultDto> {
    assertAdmin(actor);
    const sitting = await this.ds.getRepository(Sitting).findOne({ where: { id } });
    if (!sitting) {
      throw new NotFoundError('场次', id);
    }
    await assertCampaignNotPublished(this.ds, sitting.campaignId);
    if (!dto.all && !dto.technicianIds?.length && !dto.agencyIds?.length && !dto.disciplines?.length) {
      throw new RuleViolationError('请指定考生：technicianIds、agencyIds、disciplines 或 all');
    }
    const sample = await this.samples.sampledTechnicians(sitting.campaignId);
    const byId = new Map(sample.map((t) => [t.technicianId, t]));
    const unknown = (dto.technicianIds ?? []).filter((t) => !byId.has(t));
    if (unknown.length > 0) {
      throw new RuleViolationError(`以下技术人员不在本批次的抽取名单中：${unknown.join('、')}`, 'not-drawn', {
        technicianIds: unknown,
      });
    }
    const chosen = sample.filter(
      (t) =>
        dto.all ||
        dto.technicianIds?.includes(t.technicianId) ||
        dto.agencyIds?.includes(t.agencyId) ||
        dto.disciplines?.includes(t.discipline),
    );
    const result = await inTransaction(this.ds, async (m) => {
      // Lock the sitting so that concurrent placements get distinct seats.
      const lockQb = m.getRepository(Sitting).createQueryBuilder('s').where('s.id = :id', { id });
      lockForUpdate(m, lockQb);
      await lockQb.getOneOrFail();
      // Checked again under the lock: a publication committed meanwhile still wins.
      await assertCampaignNotPublished(m, sitting.campaignId);
      const placed = await m.getRepository(SittingCandidate).find({
        where: { campaignId: sitting.campaignId },
        select: { technicianId: true, sittingId: true, seat: true },
      });
      const placedIds = new Set(placed.map((p) => p.technicianId));
      const alreadyPlaced = chosen.filter((t) => placedIds.has(t.technicianId)).map((t) => t.technicianId);
      const unplaced = chosen.filter((t) => !placedIds.has(t.technicianId));
      const here = placed.filter((p) => p.sittingId === id);
      const freeSeats = Math.max(0, sitting.capacity - here.length);
      if (sitting.closedAt) {
        throw new ConflictError('场次已结束，不能再安排考生', 'sitting-closed');
      }
      if (unplaced.length > freeSeats && !dto.fillToCapacity) {
        throw new RuleViolationError(
          `场次容量 ${sitting.capacity}，已安排 ${here.length} 人，不能再安排 ${unplaced.length} 人` +
            `（可选“安排到满”先安排 ${freeSeats} 人，或“按机构拆分到多个场次”）`,
          'over-capacity',
        );
      }
      // 安排到满: whole agencies first, so that as few agencies as possible are spread over two sittings.
      const fresh = unplaced.length > freeSeats ? fillSeats(unplaced, freeSeats) : unplaced;
      const freshIds = new Set(fresh.map((t) => t.technicianId));
      const notPlaced = unplaced.filter((t) => !freshIds.has(t.technicianId)).map((t) => t.technicianId);
      await this.placeInSitting(m, sitting, fresh, here);
      await this.audit.record(
        actor,
        {
          action: 'sitting.assign-candidates',
          target: `sitting:${id}`,
          details: { ...dto, added: fresh.map((t) => t.technicianId), alreadyPlaced, notPlaced },
        },
        m,
      );
      return { added: fresh.length, alreadyPlaced, notPlaced };
    });
    if (result.added > 0) {
      await this.attachPapers(id);
    }
    return { ...result, candidates: await this.candidates(actor, id) };
  }

  /**
   * Inserts `people` into the sitting after the seats `here` already taken, each with a seat and a ticket
   * number. Runs inside the caller's transaction, the sitting locked (or SQLite's single writer).
   */
  async placeInSitting(
    m: EntityManager,
    sitting: Sitting,
    people: readonly SampledTechnician[],
    here: ReadonlyArray<{ seat: number }>,
  ): Promise<void> {
    let seat = here.reduce((mx, p) => Math.max(mx, p.seat), 0);
    const now = new Date();
    const rows = people.map((t) => {
      seat += 1;
      return m.getRepository(SittingCandidate).create({
        sittingId: sitting.id,
        campaignId: sitting.campaignId,
        technicianId: t.technicianId,
        agencyId: t.agencyId,
        agencyName: t.agencyName,
        name: t.name,
        idNumber: t.idNumber.toUpperCase(),
        discipline: t.discipline,
        ticketNumber: ticketNumber(sitting.campaignId, sitting.id, seat),
        seat,
        paperId: null,
        admittedAt: null,
        admittedBy: null,
        loginEpoch: 0,
        lastLoginAt: null,
        createdAt: now,
      });
    });
    for (let i = 0; i < rows.length; i += 500) {
      await m.getRepository(SittingCandidate).insert(rows.slice(i, i + 500));
    }
  }

  /** Asks for the papers of the sitting's candidates that have none yet; returns how many got one. */
  async attachPapers(sittingId: number): Promise<number> {
    const missing = await this.ds
      .getRepository(SittingCandidate)
      .createQueryBuilder('c')
      .where('c.sitting_id = :sittingId AND c.paper_id IS NULL', { sittingId })
      .getMany();
    if (missing.length === 0) {
      return 0;
    }
    const map = await this.papers.ensurePapers(
      missing[0].campaignId,
      missing.map((c) => c.technicianId),
    );
    let n = 0;
    await inTransaction(this.ds, async (m) => {
      for (const c of missing) {
        const paperId = map.get(c.technicianId);
        if (paperId !== undefined) {
          await m.getRepository(SittingCandidate).update({ id: c.id }, { paperId });
          n++;
        }
      }
    });
    return n;
  }

  /** The "prepare papers" button: assembles what is missing before the sitting opens. */
  async preparePapers(actor: Actor, id: number): Promise<{ prepared: number; missing: number }> {
    assertAdmin(actor);
    const sitting = await this.sittingFor(actor, id);
    await assertCampaignNotPublished(this.ds, sitting.campaignId);
    const prepared = await this.attachPapers(id);
    const missing = await this.ds
      .getRepository(SittingCandidate)
      .createQueryBuilder('c')
      .where('c.sitting_id = :id AND c.paper_id IS NULL', { id })
      .getCount();
    await this.audit.record(actor, {
      action: 'sitting.prepare-papers',
      target: `sitting:${id}`,
      details: { prepared, missing },
    });
    return { prepared, missing };
  }

  async removeCandidate(actor: Actor, id: number, candidateId: number): Promise<void> {
    assertAdmin(actor);
    await inTransaction(this.ds, async (m) => {
      const c = await m
        .getRepository(SittingCandidate)
        .findOne({ where: { id: candidateId, sittingId: id } });
      if (!c) {
        throw new NotFoundError('考生', candidateId);
      }
      await assertCampaignNotPublished(m, c.campaignId);
      if (c.lastLoginAt || (await m.getRepository(Attempt).exists({ where: { sittingCandidateId: c.id } }))) {
        throw new ConflictError('考生已登录或已开始答题，不能移出场次');
      }
      await m.getRepository(SittingCandidate).delete({ id: c.id });
      await this.audit.record(
        actor,
        {
          action: 'sitting.remove-candidate',
          target: `sitting:${id}`,
          details: { sittingCandidateId: c.id, technicianId: c.technicianId, ticketNumber: c.ticketNumber },
        },
        m,
      );
    });
  }

  async candidates(actor: Actor, id: number): Promise<SittingCandidateResponseDto[]> {
    await this.sittingFor(actor, id);
    const rows = await this.ds
      .getRepository(SittingCandidate)
      .find({ where: { sittingId: id }, order: { seat: 'ASC' } });
    const attempts = await this.ds.getRepository(Attempt).find({ where: { sittingId: id } });
    const status = new Map(attempts.map((a) => [a.sittingCandidateId, a.status]));
    return rows.map((c) => toSittingCandidateResponse(c, candidateState(c, status.get(c.id) ?? null)));
  }

  /**
   * The printable admission tickets of the sitting (or of one candidate). `request` is the address the
   * administrator's browser used: it gives the candidates' address when EXAM_LOGIN_URL is not set.
   */
  async ticketsHtml(
    actor: Actor,
    id: number,
    candidateId?: number,
    request: { protocol: string; host: string } = { protocol: 'http', host: 'localhost' },
  ): Promise<string> {
    const sitting = await this.sittingFor(actor, id);
    const rows = await this.ds.getRepository(SittingCandidate).find({
      where: candidateId ? { sittingId: id, id: candidateId } : { sittingId: id },
      order: { seat: 'ASC' },
    });
    if (candidateId && rows.length === 0) {
      throw new NotFoundError('考生', candidateId);
    }
    const address = examAddress(await storedExamAddress(this.ds, this.settings.EXAM_LOGIN_URL), request);
    const qr = new Map<string, string>();
    for (const c of rows) {
      qr.set(
        c.ticketNumber,
        await QRCode.toString(ticketLoginLink(address.url, c.ticketNumber), {
          type: 'svg',
          margin: 1,
          errorCorrectionLevel: 'M',
        }),
      );
    }
    return renderAdmissionTickets(
      rows.map((c) => ({
        ticketNumber: c.ticketNumber,
        name: c.name,
        maskedIdNumber: maskIdNumber(c.idNumber),
        agencyName: c.agencyName,
        discipline: disciplineName(c.discipline),
        seat: c.seat,
        sittingName: sitting.name,
        mode: sitting.mode,
        location: sitting.location,
        windowStart: sitting.windowStart,
        windowEnd: sitting.windowEnd,
        durationSeconds: sitting.durationSeconds,
        lateEntrySeconds: sitting.lateEntrySeconds,
        loginUrl: address.url,
        organiser: this.settings.EXAM_ORGANISER,
        qrSvg: qr.get(c.ticketNumber),
        addressWarning: address.warning,
      })),
      `准考证 - ${sitting.name}`,
    );
  }

  /** The proctor reveals the access code in the room; candidates cannot sign in before. */
  async revealAccessCode(actor: Actor, id: number): Promise<AccessCodeResponseDto> {
    const found = await this.sittingFor(actor, id);
    await assertCampaignNotPublished(this.ds, found.campaignId);
    return inTransaction(this.ds, async (m) => {
      const sitting = await m.getRepository(Sitting).findOneOrFail({ where: { id } });
      if (!sitting.accessCodeRevealedAt) {
        sitting.accessCodeRevealedAt = new Date();
        await m.getRepository(Sitting).update({ id }, { accessCodeRevealedAt: sitting.accessCodeRevealedAt });
      }
      await this.audit.record(actor, { action: 'sitting.reveal-access-code', target: `sitting:${id}` }, m);
      return { accessCode: sitting.accessCode, revealedAt: sitting.accessCodeRevealedAt.toISOString() };
    });
  }

  /**
   * A sitting belongs to a drawn campaign that is not yet published. The synthetic sources of tests and
   * benchmarks (SESSIONS_SIMPLE_SOURCES) have no campaign rows: there only the publication is checked.
   */
  async checkCampaign(campaignId: number): Promise<void> {
    if (!this.settings.SESSIONS_SIMPLE_SOURCES) {
      const campaign = await this.ds
        .getRepository(Campaign)
        .findOne({ where: { id: campaignId }, select: { id: true, status: true } });
      if (!campaign) {
        throw new NotFoundError('评定批次', campaignId);
      }
      if (campaign.status !== 'drawn') {
        throw new ConflictError(
          '该评定批次尚未完成抽取，不能安排场次（请先冻结名册并抽取）',
          'campaign-not-drawn',
        );
      }
    }
    await assertCampaignNotPublished(this.ds, campaignId);
  }

  async checkProctors(userIds: number[]): Promise<void> {
    if (userIds.length === 0) {
      return;
    }
    const users = await this.ds.getRepository(User).find({ where: { id: In(userIds) } });
    const bad = userIds.filter((u) => !users.some((x) => x.id === u && x.active));
    if (bad.length > 0) {
      throw new RuleViolationError(`以下用户不存在或已停用：${bad.join('、')}`, 'bad-proctors', {
        userIds: bad,
      });
    }
  }
}

function checkWindow(start: Date, end: Date): void {
  if (end.getTime() <= start.getTime()) {
    throw new RuleViolationError('结束时间须晚于开始时间', 'bad-window');
  }
}
