/** Staff roles. Candidates authenticate separately (admission ticket), see CandidatePrincipal. */
export type StaffRole = 'admin' | 'proctor' | 'reviewer';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'proctor', 'reviewer'];
export type Role = StaffRole | 'candidate';
