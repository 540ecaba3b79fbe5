import type { StaffRole } from './role';
import type { User } from './user.entity';

/** What decides whether a staff token is still honoured: the account's state at this moment. */
export interface StaffAccess {
  active: boolean;
  /** users.token_version: raised by every change that must end the account's open sessions. */
  ver: number;
  role: StaffRole;
}

/** The claims of a staff token that the access state is compared with. */
export interface StaffClaims {
  sub: number;
  role: StaffRole;
  ver?: number;
}

export function staffAccessOf(u: User): StaffAccess {
  return { active: u.active, ver: u.tokenVersion, role: u.role };
}

/**
 * Whether a (signature-verified) staff token may act now: the account exists, is active, and neither its
 * password, activation nor role changed since the token was signed (any of these raises the token version;
 * the role is compared as well, so that a token never acts with a role the account no longer has).
 */
export function staffTokenAllowed(access: StaffAccess | null, claims: StaffClaims): boolean {
  return access !== null && access.active && access.ver === (claims.ver ?? 0) && access.role === claims.role;
}

/** Whether going from `before` to `after` must end the account's existing sessions. */
export function revokes(before: StaffAccess, after: StaffAccess): boolean {
  return after.ver !== before.ver || !after.active || after.role !== before.role;
}

/** The socket.io room every staff socket of one account joins, so that a revocation reaches all of them. */
export function staffRoom(userId: number): string {
  return `staff:${userId}`;
}

export const StaffEvents = {
  /** StaffRevokedEvent: the account's existing tokens no longer act; its open sockets must close. */
  revoked: 'staff.revoked',
} as const;

export interface StaffRevokedEvent {
  userId: number;
}
