import { HttpException, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { OnGatewayConnection, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Namespace, Socket } from 'socket.io';
import { actorFromPayload, TokenPayload } from '../auth/token';
import type { Actor, StaffActor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { SocketAdmitAllDto, SocketProctorActionDto } from './dto/proctor-action.dto';
import { LiveEventsEvent, LiveRowsEvent, LiveViewEvents, LiveViewService } from './live-view.service';
import { ProctorActionsService } from './proctor-actions.service';
import type {
  ProctorClientToServerEvents,
  ProctorFailure,
  ProctorServerToClientEvents,
  ProctorSocketData,
} from './proctor-socket.types';

type ProctorNamespace = Namespace<
  ProctorClientToServerEvents,
  ProctorServerToClientEvents,
  object,
  ProctorSocketData
>;
type ProctorSocket = Socket<
  ProctorClientToServerEvents,
  ProctorServerToClientEvents,
  object,
  ProctorSocketData
>;

function failure(err: unknown): ProctorFailure {
  const serverTime = new Date().toISOString();
  if (err instanceof DomainError) {
    return { ok: false, serverTime, code: err.code, message: err.message };
  }
  if (err instanceof HttpException) {
    return { ok: false, serverTime, code: `http-${err.getStatus()}`, message: err.message };
  }
  return { ok: false, serverTime, code: 'unavailable', message: '服务器暂时不可用，请稍后重试' };
}

function validated<T extends object>(cls: new () => T, m: unknown): T {
  const dto = plainToInstance(cls, m ?? {});
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const e = errors[0];
    throw new DomainError(
      Object.values(e.constraints ?? {})[0] ?? `字段 ${e.property} 不正确`,
      'invalid-message',
    );
  }
  return dto;
}

/**
 * The proctor's socket (namespace /proctor): watching a sitting joins the room `sitting:<id>`, which the
 * Redis adapter spans over every node, so a proctor on one node sees candidates on another. Actions go
 * through ProctorActionsService, exactly as over HTTP.
 */
@WebSocketGateway({ namespace: '/proctor' })
export class ProctoringGateway implements OnGatewayConnection {
  private readonly log = new Logger(ProctoringGateway.name);
  @WebSocketServer() private ns!: ProctorNamespace;
  private readonly actors = new WeakMap<ProctorSocket, StaffActor | null>();

  constructor(
    private readonly jwt: JwtService,
    private readonly live: LiveViewService,
    private readonly actions: ProctorActionsService,
  ) {}

  handleConnection(socket: ProctorSocket): void {
    const actor = this.authenticate(socket);
    this.actors.set(socket, actor);
    if (!actor) {
      socket.emit('proctor.error', {
        serverTime: new Date().toISOString(),
        code: 'unauthenticated',
        message: '请使用监考员或管理员账号登录',
      });
      socket.disconnect(true);
      return;
    }
    socket.data = { userId: actor.id };
    socket.on('sitting.watch', (m, ack) => {
      void this.run(ack, async () => {
        const sittingId = Number(m?.sittingId);
        const snapshot = await this.live.snapshot(actor, sittingId);
        await socket.join(`sitting:${sittingId}`);
        return { ok: true as const, serverTime: new Date().toISOString(), snapshot };
      });
    });
    socket.on('sitting.unwatch', (m, ack) => {
      void socket.leave(`sitting:${Number(m?.sittingId)}`);
      ack?.({ ok: true });
    });
    socket.on('candidate.act', (m, ack) => {
      void this.run(ack, async () => {
        const dto = validated(SocketProctorActionDto, m);
        const row = await this.actions.act(actor, dto.sittingId, dto.sittingCandidateId, dto);
        return { ok: true as const, serverTime: new Date().toISOString(), row };
      });
    });
    socket.on('sitting.admit-all', (m, ack) => {
      void this.run(ack, async () => {
        const dto = validated(SocketAdmitAllDto, m);
        const r = await this.actions.admitAll(actor, dto.sittingId, dto);
        return { ok: true as const, serverTime: new Date().toISOString(), ...r };
      });
    });
  }

  private authenticate(socket: ProctorSocket): StaffActor | null {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') {
      return null;
    }
    try {
      const actor: Actor = actorFromPayload(this.jwt.verify<TokenPayload & object>(token));
      return actor.kind === 'staff' ? actor : null;
    } catch {
      return null;
    }
  }

  private async run<T>(
    ack: ((r: T | ProctorFailure) => void) | undefined,
    work: () => Promise<T>,
  ): Promise<void> {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    try {
      reply(await work());
    } catch (err) {
      const f = failure(err);
      if (f.code === 'unavailable') {
        this.log.error({ err }, 'proctor message failed');
      }
      reply(f);
    }
  }

  @OnEvent(LiveViewEvents.rows)
  relayRows(e: LiveRowsEvent): void {
    this.ns.to(`sitting:${e.sittingId}`).emit('sitting.rows', { ...e, serverTime: new Date().toISOString() });
  }

  @OnEvent(LiveViewEvents.events)
  relayEvents(e: LiveEventsEvent): void {
    this.ns
      .to(`sitting:${e.sittingId}`)
      .emit('sitting.events', { ...e, serverTime: new Date().toISOString() });
  }
}
