import type { Actor } from './actor';
import { OwnershipError } from './domain-error';

/**
 * The ownership pattern every module reuses: services call these first, before touching data.
 * Administrators may act on everything; proctors on the sittings they are assigned to; a candidate only on
 * their own attempt.
 */
export function assertAdmin(actor: Actor): void {
  if (actor.kind !== 'staff' || actor.role !== 'admin') {
    throw new OwnershipError('仅管理员可执行此操作');
  }
}

export function assertStaffOfSitting(actor: Actor, proctorIds: readonly number[]): void {
  if (actor.kind === 'staff' && (actor.role === 'admin' || proctorIds.includes(actor.id))) {
    return;
  }
  throw new OwnershipError('您不是该场次的监考员');
}

export function assertOwnAttempt(actor: Actor, attemptId: number): void {
  if (actor.kind === 'candidate' && actor.attemptId === attemptId) {
    return;
  }
  throw new OwnershipError('只能访问本人的答卷');
}
