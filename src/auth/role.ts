/** Staff roles. Candidates authenticate separately (admission ticket), see CandidatePrincipal. */
export type StaffRole = 'admin' | 'proctor';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'proctor'];
export type Role = StaffRole | 'candidate';
