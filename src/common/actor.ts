import type { StaffRole } from '../auth/role';

/** A signed-in administrator or proctor. */
export interface StaffActor {
  kind: 'staff';
  id: number;
  username: string;
  role: StaffRole;
}

/** A candidate signed in with an admission ticket; `attemptId` is the one attempt the token grants. */
export interface CandidateActor {
  kind: 'candidate';
  /** The sitting candidate's id. */
  id: number;
  sittingId: number;
  attemptId: number | null;
}

export type Actor = StaffActor | CandidateActor;

/** How an actor is named in the audit log and in events. */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `user:${actor.id}`;
    case 'candidate':
      return `candidate:${actor.id}`;
  }
}
