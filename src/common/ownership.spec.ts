import { StaffActor, CandidateActor } from './actor';
import { OwnershipError } from './domain-error';
import { assertAdmin, assertOwnAttempt, assertStaffOfSitting } from './ownership';

const admin: StaffActor = { kind: 'staff', id: 1, username: 'admin', role: 'admin' };
const proctor: StaffActor = { kind: 'staff', id: 2, username: 'p', role: 'proctor' };
const candidate: CandidateActor = { kind: 'candidate', id: 7, sittingId: 3, attemptId: 11 };

describe('ownership', () => {
  it('lets only administrators administer', () => {
    expect(() => assertAdmin(admin)).not.toThrow();
    expect(() => assertAdmin(proctor)).toThrow(OwnershipError);
    expect(() => assertAdmin(candidate)).toThrow(OwnershipError);
  });

  it('lets proctors act on their own sittings only', () => {
    expect(() => assertStaffOfSitting(proctor, [2, 5])).not.toThrow();
    expect(() => assertStaffOfSitting(proctor, [5])).toThrow(OwnershipError);
    expect(() => assertStaffOfSitting(admin, [])).not.toThrow();
    expect(() => assertStaffOfSitting(candidate, [7])).toThrow(OwnershipError);
  });

  it('lets a candidate reach only their own attempt', () => {
    expect(() => assertOwnAttempt(candidate, 11)).not.toThrow();
    expect(() => assertOwnAttempt(candidate, 12)).toThrow(OwnershipError);
    expect(() => assertOwnAttempt(admin, 11)).toThrow(OwnershipError);
  });
});
