import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { ExamSocketData } from './exam-socket.types';

/**
 * Which candidates have a socket open, on any node: asks socket.io's adapter (with Redis, every node answers),
 * so no node keeps presence in memory of its own.
 */
@Injectable()
export class CandidatePresence {
  private ns: Namespace | null = null;

  /** Called by the sessions gateway once its namespace exists. */
  attach(ns: Namespace): void {
    this.ns = ns;
  }

  get namespace(): Namespace | null {
    return this.ns;
  }

  async connectedInSitting(sittingId: number): Promise<Set<number>> {
    if (!this.ns) {
      return new Set();
    }
    const sockets = await this.ns.in(`sitting:${sittingId}`).fetchSockets();
    return new Set(sockets.map((s) => (s.data as ExamSocketData).candidateId));
  }

  /** The device ids of the candidate's open sockets, on any node (null: a page that sent none). */
  async devicesOf(sittingCandidateId: number): Promise<Array<string | null>> {
    if (!this.ns) {
      return [];
    }
    const sockets = await this.ns.in(`candidate:${sittingCandidateId}`).fetchSockets();
    return sockets.map((s) => (s.data as ExamSocketData).device ?? null);
  }

  async isConnected(sittingCandidateId: number): Promise<boolean> {
    if (!this.ns) {
      return false;
    }
    return (await this.ns.in(`candidate:${sittingCandidateId}`).fetchSockets()).length > 0;
  }
}
