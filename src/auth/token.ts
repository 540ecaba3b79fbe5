import type { Actor } from '../common/actor';
import type { StaffRole } from './role';

/** What an access token carries. */
export type TokenPayload =
  | {
      kind: 'staff';
      sub: number;
      usr: string;
      role: StaffRole;
      /** The account's token version when signed: a password change invalidates refreshing older tokens. */
      ver?: number;
      /** When the person signed in with their password (epoch seconds); refreshing never extends past a limit. */
      auth?: number;
    }
  | { kind: 'candidate'; sub: number; sit: number; att: number | null };

export function actorFromPayload(p: TokenPayload): Actor {
  switch (p.kind) {
    case 'staff':
      return { kind: 'staff', id: p.sub, username: p.usr, role: p.role };
    case 'candidate':
      return { kind: 'candidate', id: p.sub, sittingId: p.sit, attemptId: p.att };
  }
}

export function payloadFromActor(a: Actor): TokenPayload {
  switch (a.kind) {
    case 'staff':
      return { kind: 'staff', sub: a.id, usr: a.username, role: a.role };
    case 'candidate':
      return { kind: 'candidate', sub: a.id, sit: a.sittingId, att: a.attemptId };
  }
}
