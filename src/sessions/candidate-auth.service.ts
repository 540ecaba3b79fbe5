import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { payloadFromActor, TokenPayload } from '../auth/token';
import type { CandidateActor } from '../common/actor';
import { ConflictError } from '../common/domain-error';
import { inTransaction } from '../database/transaction';
import { ProctoringEventsService, RecordedEvents } from '../proctoring/proctoring-events.service';
import { Attempt } from './attempt.entity';
import { AttemptsService, CandidateSession } from './attempts.service';
import { assertCampaignNotPublished } from './campaign-freeze';
import { CandidatePresence } from './candidate-presence';
import { DbClock } from './db-clock';
import type { ExamState } from './exam-socket.types';
import { reloginDecision } from './second-login';
import type { CandidateLoginDto, CandidateLoginResponseDto } from './dto/exam.dto';
import { CandidateChangedEvent, CandidateTakenOverEvent, SessionEvents } from './session-events';
import { SittingCandidate } from './sitting-candidate.entity';
import { Sitting } from './sitting.entity';

/**
 * The login epoch rides in the candidate token beside the standard claims, with the browser's device id
 * (`dev`) and, for a sign-in waiting for the proctor (再次入场), the held request (`rq`, with `ep` -1).
 */
type CandidateTokenPayload = Extract<TokenPayload, { kind: 'candidate' }> & {
  ep: number;
  dev?: string;
  rq?: number;
};

/** What the waiting device is told while the proctor has not admitted it. */
export const RELOGIN_HOLD_MESSAGE =
  '本账号正在另一台设备上作答（或刚刚断开）。请向监考员出示身份证件，经监考员准许再次入场后在本设备继续作答；已保存的答案不会丢失。';

/** What the earlier device is told once the proctor admitted the new one. */
export const REPLACED_MESSAGE =
  '监考员已准许您在另一台设备上继续作答，本设备已退出。如非本人操作，请立即报告监考员。';

/** A verified candidate token: a current login, or a sign-in waiting for the proctor. */
export type VerifiedCandidate =
  | { kind: 'active'; session: CandidateSession; device: string | null }
  | {
      kind: 'pending';
      candidateId: number;
      sittingId: number;
      requestId: number;
      device: string | null;
      /** Set once the proctor admitted this sign-in (and no newer login took over since). */
      admittedEpoch: number | null;
    };

/**
 * The one answer for every wrong login, including a right ticket and ID number before the access code is
 * revealed: a different answer there would confirm that the ticket belongs to that ID number.
 */
export const BAD_LOGIN = '准考证号、身份证号或入场码不正确（入场码由监考员在考场公布）';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Candidates sign in with the admission ticket, their ID number and the sitting's access code. Every login
 * raises the candidate's login epoch: the newest login takes over, older tokens and sockets are refused.
 */
@Injectable()
export class CandidateAuthService {
  private readonly log = new Logger(CandidateAuthService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jwt: JwtService,
    private readonly emitter: EventEmitter2,
    private readonly attempts: AttemptsService,
    private readonly events: ProctoringEventsService,
    private readonly presence: CandidatePresence,
    private readonly audit: AuditService,
    private readonly clock: DbClock,
  ) {}

  async login(dto: CandidateLoginDto, ip: string): Promise<CandidateLoginResponseDto> {
    const ticket = dto.ticketNumber.trim();
    const idNumber = dto.idNumber.trim().toUpperCase();
    const code = dto.accessCode.trim();
    const c = await this.ds.getRepository(SittingCandidate).findOne({ where: { ticketNumber: ticket } });
    const sitting = c ? await this.ds.getRepository(Sitting).findOne({ where: { id: c.sittingId } }) : null;
    if (!c || !sitting || !sameText(c.idNumber, idNumber)) {
      this.log.warn({ event: 'candidate-login.failed', ticket, ip, reason: c ? 'id-number' : 'ticket' });
      throw new UnauthorizedException(BAD_LOGIN);
    }
    // Compared even before the reveal, so that both refusals take the same path.
    const codeMatches = sameText(sitting.accessCode, code);
    if (!sitting.accessCodeRevealedAt || !codeMatches) {
      this.log.warn({
        event: 'candidate-login.failed',
        ticket,
        ip,
        reason: sitting.accessCodeRevealedAt ? 'access-code' : 'access-code-not-revealed',
      });
      throw new UnauthorizedException(BAD_LOGIN);
    }
    await assertCampaignNotPublished(this.ds, sitting.campaignId);
    // The database's time (DbClock): the window closes at the same instant on every node.
    const now = this.clock.now();
    const attempt = await this.ds.getRepository(Attempt).findOne({ where: { sittingCandidateId: c.id } });
    if (now >= sitting.windowEnd && attempt?.status !== 'in_progress') {
      throw new ConflictError('本场考试已结束', 'closed');
    }
    const device = dto.deviceId ?? null;
    if (attempt?.status === 'in_progress' && c.lastLoginAt !== null) {
      const held = await this.holdIfAnotherDevice(c, sitting, attempt, device, ip, now);
      if (held) {
        return held;
      }
    }
    const previousOnline = c.lastLoginAt !== null && (await this.presence.isConnected(c.id));
    const raise = (on: DataSource | EntityManager) =>
      on
        .createQueryBuilder()
        .update(SittingCandidate)
        .set({ loginEpoch: () => 'login_epoch + 1', lastLoginAt: now })
        .where('id = :id', { id: c.id });
    let epoch: number;
    let recorded: RecordedEvents | null = null;
    if (previousOnline) {
      // A takeover: the new epoch and the second-login event land together.
      const r = await inTransaction(this.ds, async (m) => {
        await raise(m).execute();
        const fresh = await m.getRepository(SittingCandidate).findOneOrFail({ where: { id: c.id } });
        const rec = await this.events.recordIn(
          m,
          {
            sittingId: c.sittingId,
            sittingCandidateId: c.id,
            attemptId: attempt?.id ?? null,
            kind: 'second-login',
            source: 'system',
            details: { ip },
          },
          sitting.proctoring,
          now,
        );
        return { epoch: fresh.loginEpoch, rec };
      });
      epoch = r.epoch;
      recorded = r.rec;
    } else {
      await raise(this.ds).execute();
      const fresh = await this.ds
        .getRepository(SittingCandidate)
        .findOneOrFail({ where: { id: c.id }, select: { id: true, loginEpoch: true } });
      epoch = fresh.loginEpoch;
    }
    c.loginEpoch = epoch;
    c.lastLoginAt = now;
    if (recorded) {
      this.events.announce(recorded);
    }
    const takeover: CandidateTakenOverEvent = { sittingId: c.sittingId, sittingCandidateId: c.id, epoch };
    this.emitter.emit(SessionEvents.candidateTakenOver, takeover);
    const changed: CandidateChangedEvent = { sittingId: c.sittingId, sittingCandidateIds: [c.id] };
    this.emitter.emit(SessionEvents.candidateChanged, changed);

    const actor: CandidateActor = {
      kind: 'candidate',
      id: c.id,
      sittingId: c.sittingId,
      attemptId: attempt?.id ?? null,
    };
    await this.audit.record(actor, {
      action: 'candidate.login',
      target: `candidate:${c.id}`,
      details: { sittingId: c.sittingId, ip, epoch },
    });
    const expiresIn = this.expiresIn(sitting, now);
    const payload: CandidateTokenPayload = {
      ...(payloadFromActor(actor) as Extract<TokenPayload, { kind: 'candidate' }>),
      ep: epoch,
      ...(device ? { dev: device } : {}),
    };
    return {
      accessToken: this.jwt.sign(payload, { expiresIn }),
      expiresIn,
      serverTime: this.clock.now().toISOString(),
      socketNamespace: '/exam',
      state: await this.attempts.buildState(c, sitting, attempt, this.clock.now()),
    };
  }

  /**
   * A sign-in while the attempt is in progress and another device answers (or did a moment ago): recorded as
   * a held 'second-login' for the proctor, answered with a token that opens nothing but the waiting room.
   * Returns null when the sign-in may take over at once.
   */
  private async holdIfAnotherDevice(
    c: SittingCandidate,
    sitting: Sitting,
    attempt: Attempt,
    device: string | null,
    ip: string,
    now: Date,
  ): Promise<CandidateLoginResponseDto | null> {
    const [connectedDevices, lastConn] = await Promise.all([
      this.presence.devicesOf(c.id),
      this.events.lastOfKinds([c.id], ['connection-lost', 'connection-restored']),
    ]);
    const last = lastConn.get(c.id) ?? null;
    const decision = reloginDecision({
      inProgress: true,
      connectedDevices,
      lastLost:
        last?.kind === 'connection-lost'
          ? { at: last.at, device: typeof last.details?.device === 'string' ? last.details.device : null }
          : null,
      restoredAfterLost: last?.kind === 'connection-restored',
      device,
      now,
    });
    if (decision !== 'hold') {
      return null;
    }
    const recorded = await this.events.record(
      {
        sittingId: c.sittingId,
        sittingCandidateId: c.id,
        attemptId: attempt.id,
        kind: 'second-login',
        source: 'system',
        reason: '另一台设备登录，等待监考员准许再次入场',
        details: { ip, held: true, ...(device ? { device } : {}), connected: connectedDevices.length > 0 },
      },
      sitting.proctoring,
      now,
    );
    const requestId = recorded.events[0].id;
    const changed: CandidateChangedEvent = { sittingId: c.sittingId, sittingCandidateIds: [c.id] };
    this.emitter.emit(SessionEvents.candidateChanged, changed);
    const actor: CandidateActor = {
      kind: 'candidate',
      id: c.id,
      sittingId: c.sittingId,
      attemptId: attempt.id,
    };
    await this.audit.record(actor, {
      action: 'candidate.login',
      target: `candidate:${c.id}`,
      details: { sittingId: c.sittingId, ip, held: true, requestId },
    });
    const expiresIn = this.expiresIn(sitting, now);
    const payload: CandidateTokenPayload = {
      ...(payloadFromActor(actor) as Extract<TokenPayload, { kind: 'candidate' }>),
      ep: -1,
      rq: requestId,
      ...(device ? { dev: device } : {}),
    };
    return {
      accessToken: this.jwt.sign(payload, { expiresIn }),
      expiresIn,
      serverTime: this.clock.now().toISOString(),
      socketNamespace: '/exam',
      state: await this.pendingState(c, sitting),
    };
  }

  /** What the waiting device sees: who and where, never the paper. */
  async pendingState(c: SittingCandidate, sitting: Sitting): Promise<ExamState> {
    const base = await this.attempts.buildState(c, sitting, null, this.clock.now());
    return {
      ...base,
      status: 'waiting',
      canStart: false,
      startRefusal: null,
      message: RELOGIN_HOLD_MESSAGE,
      reloginPending: true,
    };
  }

  /** The waiting state of a held sign-in, read again (the socket's `exam.sync`). */
  async pendingStateOf(candidateId: number): Promise<ExamState> {
    const c = await this.ds.getRepository(SittingCandidate).findOneOrFail({ where: { id: candidateId } });
    const sitting = await this.ds.getRepository(Sitting).findOneOrFail({ where: { id: c.sittingId } });
    return this.pendingState(c, sitting);
  }

  private expiresIn(sitting: Sitting, now: Date): number {
    // Valid until well after the sitting (an extended attempt may run past the window).
    return Math.max(3600, Math.ceil((sitting.windowEnd.getTime() - now.getTime()) / 1000) + 6 * 3600);
  }

  /** The token of a login the proctor admitted (再次入场): the waiting device's own claims, the new epoch. */
  async tokenFor(
    candidateId: number,
    epoch: number,
    device: string | null,
  ): Promise<{ accessToken: string; expiresIn: number }> {
    const c = await this.ds.getRepository(SittingCandidate).findOneOrFail({ where: { id: candidateId } });
    const sitting = await this.ds.getRepository(Sitting).findOneOrFail({ where: { id: c.sittingId } });
    const attempt = await this.ds.getRepository(Attempt).findOne({ where: { sittingCandidateId: c.id } });
    const actor: CandidateActor = {
      kind: 'candidate',
      id: c.id,
      sittingId: c.sittingId,
      attemptId: attempt?.id ?? null,
    };
    const expiresIn = this.expiresIn(sitting, this.clock.now());
    const payload: CandidateTokenPayload = {
      ...(payloadFromActor(actor) as Extract<TokenPayload, { kind: 'candidate' }>),
      ep: epoch,
      ...(device ? { dev: device } : {}),
    };
    return { accessToken: this.jwt.sign(payload, { expiresIn }), expiresIn };
  }

  /**
   * Verifies a candidate token (socket handshake): a current login, or a sign-in waiting for the proctor
   * (with whether the proctor has admitted it since). Throws when it is neither.
   */
  async verify(token: unknown): Promise<VerifiedCandidate> {
    if (typeof token !== 'string' || token.length === 0) {
      throw new UnauthorizedException('请先登录');
    }
    let p: CandidateTokenPayload;
    try {
      p = this.jwt.verify<CandidateTokenPayload>(token);
    } catch {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    if (p.kind !== 'candidate' || typeof p.ep !== 'number') {
      throw new UnauthorizedException('请使用考生账号登录');
    }
    const device = typeof p.dev === 'string' ? p.dev : null;
    if (typeof p.rq !== 'number') {
      return { kind: 'active', session: await this.sessionFromToken(token), device };
    }
    const c = await this.ds
      .getRepository(SittingCandidate)
      .findOne({ where: { id: p.sub }, select: { id: true, sittingId: true, loginEpoch: true } });
    if (!c) {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    const last = (await this.events.lastOfKinds([c.id], ['admit-relogin'])).get(c.id);
    let admittedEpoch: number | null = null;
    if (last && last.id > p.rq) {
      const admitted = last.details?.requestId === p.rq ? Number(last.details?.epoch) : null;
      if (admitted === null || admitted !== c.loginEpoch) {
        // Another waiting sign-in was admitted, or a newer login took over since.
        throw takenOverError();
      }
      admittedEpoch = admitted;
    }
    return {
      kind: 'pending',
      candidateId: c.id,
      sittingId: c.sittingId,
      requestId: p.rq,
      device,
      admittedEpoch,
    };
  }

  /** Verifies a candidate token (socket handshake); throws when it is not a current candidate login. */
  async sessionFromToken(token: unknown): Promise<CandidateSession> {
    if (typeof token !== 'string' || token.length === 0) {
      throw new UnauthorizedException('请先登录');
    }
    let p: CandidateTokenPayload;
    try {
      p = this.jwt.verify<CandidateTokenPayload>(token);
    } catch {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    if (p.kind !== 'candidate' || typeof p.ep !== 'number') {
      throw new UnauthorizedException('请使用考生账号登录');
    }
    const c = await this.ds
      .getRepository(SittingCandidate)
      .findOne({ where: { id: p.sub }, select: { id: true, sittingId: true, loginEpoch: true } });
    if (!c) {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    if (typeof p.rq === 'number') {
      throw new UnauthorizedException({ code: 'relogin-pending', message: RELOGIN_HOLD_MESSAGE });
    }
    if (c.loginEpoch !== p.ep) {
      throw takenOverError();
    }
    return { candidateId: c.id, sittingId: c.sittingId, epoch: p.ep };
  }
}

function takenOverError(): UnauthorizedException {
  return new UnauthorizedException({ code: 'taken-over', message: '您的账号已在其他设备登录' });
}

/** The login epoch of a (verified) bearer token, read without verifying again. */
export function epochOfBearer(authorization: string | undefined): number | null {
  const m = /^Bearer ([^.]+)\.([^.]+)\./i.exec(authorization ?? '');
  if (!m) {
    return null;
  }
  try {
    const p = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as { ep?: unknown };
    return typeof p.ep === 'number' ? p.ep : null;
  } catch {
    return null;
  }
}
