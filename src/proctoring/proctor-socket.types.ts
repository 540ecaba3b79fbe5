import type { LiveEventsEvent, LiveRowsEvent } from './live-view.service';
import type { LiveCandidateRow, LiveSnapshot, NodeClockMessage } from './live-row';
import type { ProctorAction } from './event-kinds';

/** The proctor's socket (namespace /proctor, websocket transport only): typed events each way. */

export type ProctorReply<T> = { ok: true; serverTime: string } & T;
export type ProctorFailure = { ok: false; serverTime: string; code: string; message: string };

export interface ProctorClientToServerEvents {
  /** Join the sitting's room; the ack carries the whole live view. */
  'sitting.watch': (
    m: { sittingId: number },
    ack: (r: ProctorReply<{ snapshot: LiveSnapshot }> | ProctorFailure) => void,
  ) => void;
  'sitting.unwatch': (m: { sittingId: number }, ack?: (r: { ok: true } | ProctorFailure) => void) => void;
  'candidate.act': (
    m: {
      sittingId: number;
      sittingCandidateId: number;
      action: ProctorAction;
      reason: string;
      message?: string;
      seconds?: number;
    },
    ack: (r: ProctorReply<{ row: LiveCandidateRow }> | ProctorFailure) => void,
  ) => void;
  'sitting.admit-all': (
    m: { sittingId: number; reason: string; includeNotLoggedIn?: boolean },
    ack: (r: ProctorReply<{ admitted: number }> | ProctorFailure) => void,
  ) => void;
}

export interface ProctorServerToClientEvents {
  /** Changed rows (whole rows; or only `connected` when a socket came or went). */
  'sitting.rows': (m: LiveRowsEvent & { serverTime: string }) => void;
  /** New entries of the proctoring log. */
  'sitting.events': (m: LiveEventsEvent & { serverTime: string }) => void;
  'proctor.error': (m: { serverTime: string; code: string; message: string }) => void;
  /** A node's clock differs from the database's beyond the bound (or is back within it). */
  'proctor.clock': (m: NodeClockMessage) => void;
}

export interface ProctorSocketData {
  userId: number;
}
