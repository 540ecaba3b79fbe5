import { HttpException, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { OnGatewayConnection, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { actorFromPayload, TokenPayload } from '../auth/token';
import type { Actor, StaffActor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { checkMessage } from '../common/socket-message';
import { DbClock } from '../sessions/db-clock';
import { SocketAdmitAllDto, SocketProctorActionDto } from './dto/proctor-action.dto';
import { SocketSittingRefDto } from './dto/proctor-socket.dto';
import type { NodeClockMessage } from './live-row';
import {
  LiveEventsEvent,
  LiveRowsEvent,
  LiveViewEvents,
  LiveViewService,
  NODE_NAME,
} from './live-view.service';
import { ProctorActionsService } from './proctor-actions.service';
import type {
  ProctorClientToServerEvents,
  ProctorFailure,
  ProctorServerToClientEvents,
  ProctorSocketData,
} from './proctor-socket.types';

/** Between nodes: a node's clock status, for every console (the Redis adapter relays it). */
interface ProctorInterServerEvents {
  'proctor.clock': (m: NodeClockMessage) => void;
}

type ProctorNamespace = Namespace<
  ProctorClientToServerEvents,
  ProctorServerToClientEvents,
  ProctorInterServerEvents,
  ProctorSocketData
>;
type ProctorSocket = Socket<
  ProctorClientToServerEvents,
  ProctorServerToClientEvents,
  ProctorInterServerEvents,
  ProctorSocketData
>;

function failure(err: unknown, serverTime: string): ProctorFailure {
  if (err instanceof DomainError) {
    return { ok: false, serverTime, code: err.code, message: err.message };
  }
  if (err instanceof HttpException) {
    return { ok: false, serverTime, code: `http-${err.getStatus()}`, message: err.message };
  }
  return { ok: false, serverTime, code: 'unavailable', message: '服务器暂时不可用，请稍后重试' };
}

/** A socket message checked like a request body; a bad one is refused before anything reads the database. */
function validated<T extends object>(cls: new () => T, m: unknown): T {
  const r = checkMessage(cls, m);
  if (!r.ok) {
    throw new DomainError(r.message, 'invalid-message');
  }
  return r.value;
}

/**
 * The proctor's socket (namespace /proctor): watching a sitting joins the room `sitting:<id>`, which the
 * Redis adapter spans over every node, so a proctor on one node sees candidates on another. Actions go
 * through ProctorActionsService, exactly as over HTTP.
 *
 * Watching joins the room as soon as access is checked, before the snapshot is built: a slow or failed
 * snapshot then still leaves the console receiving every change, and the page asks for the snapshot again.
 * Every node tells every console when its clock is beyond the bound (and when it is back).
 */
@WebSocketGateway({ namespace: '/proctor' })
export class ProctoringGateway implements OnGatewayConnection, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ProctoringGateway.name);
  @WebSocketServer() private ns!: ProctorNamespace;
  private readonly actors = new WeakMap<ProctorSocket, StaffActor | null>();
  /** Sittings each socket was found allowed to watch: a re-watch after a failed snapshot needs no database. */
  private readonly allowed = new WeakMap<ProctorSocket, Set<number>>();
  private clockTimer: NodeJS.Timeout | null = null;
  private lastClockOk: boolean | null = null;

  constructor(
    private readonly jwt: JwtService,
    private readonly live: LiveViewService,
    private readonly actions: ProctorActionsService,
    private readonly clock: DbClock,
  ) {}

  onApplicationBootstrap(): void {
    // Announced only while out of bound (and once when back), so that a healthy cluster sends nothing.
    this.clockTimer = setInterval(() => this.announceClock(), 5000);
    this.clockTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.clockTimer) {
      clearInterval(this.clockTimer);
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private announceClock(): void {
    const s = this.clock.status();
    if (s.skewMs === null || (s.ok && this.lastClockOk !== false)) {
      this.lastClockOk = s.ok;
      return;
    }
    this.lastClockOk = s.ok;
    const m: NodeClockMessage = { ...s, node: NODE_NAME, serverTime: this.now() };
    this.ns?.emit('proctor.clock', m);
  }

  handleConnection(socket: ProctorSocket): void {
    const actor = this.authenticate(socket);
    this.actors.set(socket, actor);
    if (!actor) {
      socket.emit('proctor.error', {
        serverTime: this.now(),
        code: 'unauthenticated',
        message: '请使用监考员或管理员账号登录',
      });
      socket.disconnect(true);
      return;
    }
    socket.data = { userId: actor.id };
    socket.on('sitting.watch', (m, ack) => {
      void this.run(ack, async () => {
        const { sittingId } = validated(SocketSittingRefDto, m);
        let allowed = this.allowed.get(socket);
        if (!allowed?.has(sittingId)) {
          await this.live.checkAccess(actor, sittingId);
          allowed ??= new Set();
          allowed.add(sittingId);
          this.allowed.set(socket, allowed);
        }
        // Join first: from here on the console gets every change, whatever becomes of the snapshot.
        await socket.join(`sitting:${sittingId}`);
        const snapshot = await this.live.snapshot(actor, sittingId, true);
        return { ok: true as const, serverTime: this.now(), snapshot };
      });
    });
    socket.on('sitting.unwatch', (m, ack) => {
      void this.run(ack, () => {
        const { sittingId } = validated(SocketSittingRefDto, m);
        void socket.leave(`sitting:${sittingId}`);
        return Promise.resolve({ ok: true as const });
      });
    });
    socket.on('candidate.act', (m, ack) => {
      void this.run(ack, async () => {
        const dto = validated(SocketProctorActionDto, m);
        const row = await this.actions.act(actor, dto.sittingId, dto.sittingCandidateId, dto);
        return { ok: true as const, serverTime: this.now(), row };
      });
    });
    socket.on('sitting.admit-all', (m, ack) => {
      void this.run(ack, async () => {
        const dto = validated(SocketAdmitAllDto, m);
        const r = await this.actions.admitAll(actor, dto.sittingId, dto);
        return { ok: true as const, serverTime: this.now(), ...r };
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
      const f = failure(err, this.now());
      if (f.code === 'unavailable') {
        this.log.error({ err }, 'proctor message failed');
      }
      reply(f);
    }
  }

  @OnEvent(LiveViewEvents.rows)
  relayRows(e: LiveRowsEvent): void {
    this.ns.to(`sitting:${e.sittingId}`).emit('sitting.rows', { ...e, serverTime: this.now() });
  }

  @OnEvent(LiveViewEvents.events)
  relayEvents(e: LiveEventsEvent): void {
    this.ns.to(`sitting:${e.sittingId}`).emit('sitting.events', { ...e, serverTime: this.now() });
  }
}
