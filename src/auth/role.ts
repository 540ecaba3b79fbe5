/** Staff roles. Candidates authenticate separately (admission ticket), see CandidatePrincipal. */
export type StaffRole = 'admin' | 'proctor' | 'reviewer' | 'inspector';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'proctor', 'reviewer', 'inspector'];
export type Role = StaffRole | 'candidate';
