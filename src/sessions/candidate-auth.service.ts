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
import type { CandidateLoginDto, CandidateLoginResponseDto } from './dto/exam.dto';
import { CandidateChangedEvent, CandidateTakenOverEvent, SessionEvents } from './session-events';
import { SittingCandidate } from './sitting-candidate.entity';
import { Sitting } from './sitting.entity';

/** The login epoch rides in the candidate token beside the standard claims. */
type CandidateTokenPayload = Extract<TokenPayload, { kind: 'candidate' }> & { ep: number };

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
    // Valid until well after the sitting (an extended attempt may run past the window).
    const expiresIn = Math.max(
      3600,
      Math.ceil((sitting.windowEnd.getTime() - now.getTime()) / 1000) + 6 * 3600,
    );
    const payload: CandidateTokenPayload = {
      ...(payloadFromActor(actor) as Extract<TokenPayload, { kind: 'candidate' }>),
      ep: epoch,
    };
    return {
      accessToken: this.jwt.sign(payload, { expiresIn }),
      expiresIn,
      serverTime: this.clock.now().toISOString(),
      socketNamespace: '/exam',
      state: await this.attempts.buildState(c, sitting, attempt, this.clock.now()),
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
    if (c.loginEpoch !== p.ep) {
      throw new UnauthorizedException({ code: 'taken-over', message: '您的账号已在其他设备登录' });
    }
    return { candidateId: c.id, sittingId: c.sittingId, epoch: p.ep };
  }
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
