import { Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { StaffClaims, StaffEvents, StaffRevokedEvent, staffRoom } from './staff-access';
import { StaffAccessService } from './staff-access.service';
import type { TokenPayload } from './token';

const REVOKED = { code: 'revoked', message: '登录已失效，请重新登录' } as const;

/**
 * Revocation on the staff socket (namespace /proctor), beside the proctoring gateway that serves it: a
 * handshake middleware checks the account like the HTTP guard does (before the client is told it is
 * connected), every staff socket joins `staff:<userId>`, and a revocation closes that room on every node (the
 * Redis adapter carries disconnectSockets to the other nodes).
 */
@WebSocketGateway({ namespace: '/proctor' })
export class StaffSocketsGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly log = new Logger(StaffSocketsGateway.name);
  @WebSocketServer() private ns!: Namespace;
  /** Sockets whose handshake presented a revoked staff token (told and dropped once connected). */
  private readonly refused = new WeakSet<Socket>();

  constructor(
    private readonly jwt: JwtService,
    private readonly access: StaffAccessService,
  ) {}

  afterInit(ns: Namespace): void {
    ns.use((socket, next) => {
      void this.screen(socket).then(() => next());
    });
  }

  handleConnection(socket: Socket): void {
    if (this.refused.has(socket)) {
      this.drop(socket);
      return;
    }
    const claims = this.staffClaims(socket);
    if (!claims) {
      return; // not a staff token: the proctoring gateway answers it
    }
    void socket.join(staffRoom(claims.sub));
    // A revocation between the handshake check and joining the room would have missed this socket.
    void this.access.allows(claims).then(
      (ok) => ok || this.drop(socket),
      () => this.drop(socket),
    );
  }

  @OnEvent(StaffEvents.revoked)
  disconnectRevoked(e: StaffRevokedEvent): void {
    const room = this.ns.in(staffRoom(e.userId));
    room.emit('proctor.error', { serverTime: new Date().toISOString(), ...REVOKED });
    room.disconnectSockets(true);
    this.log.log({ event: 'staff.sockets-closed', userId: e.userId });
  }

  /** Marks the socket refused when it presents a staff token the account no longer honours. */
  private async screen(socket: Socket): Promise<void> {
    const claims = this.staffClaims(socket);
    if (!claims) {
      return;
    }
    try {
      if (!(await this.access.allows(claims))) {
        this.refused.add(socket);
      }
    } catch (err) {
      // Unable to check: refuse rather than admit an account that may have been revoked.
      this.log.error({ err }, 'staff socket check failed');
      this.refused.add(socket);
    }
  }

  private drop(socket: Socket): void {
    socket.emit('proctor.error', { serverTime: new Date().toISOString(), ...REVOKED });
    socket.disconnect(true);
  }

  private staffClaims(socket: Socket): StaffClaims | null {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') {
      return null;
    }
    try {
      const p = this.jwt.verify<TokenPayload & object>(token);
      return p.kind === 'staff' ? p : null;
    } catch {
      return null;
    }
  }
}
