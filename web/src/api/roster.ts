import { download, http } from './http';

export interface Agency {
  id: number;
  /** 统一社会信用代码 */
  code: string;
  name: string;
  county: string;
  contactName: string | null;
  contactPhone: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Technician {
  id: number;
  agencyId: number;
  name: string;
  idNumber: string;
  discipline: string;
  certificates: string[];
  fullTime: boolean;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AgencyCounts {
  agencyId: number;
  code: string;
  name: string;
  county: string;
  active: boolean;
  total: number;
  byDiscipline: Record<string, number>;
}

export interface ImportError {
  sheet: string;
  row: number;
  column: string;
  reason: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

export interface RosterConflict {
  idNumber: string;
  name: string;
  records: Array<{
    technicianId: number;
    agencyId: number;
    agencyCode: string;
    agencyName: string;
    discipline: string;
  }>;
}

export interface ImportResult {
  fileSha256: string;
  changed: boolean;
  agencies: ImportCounts;
  technicians: ImportCounts;
  conflicts: RosterConflict[];
}

/** Where a running import is (the node that runs it answers; another node answers 404). */
export interface ImportProgress {
  importId: string;
  phase: 'queued' | 'checking' | 'reading' | 'validating' | 'writing' | 'done' | 'failed';
  rows: number | null;
  written: number | null;
  toWrite: number | null;
  startedAt: string;
  elapsedMs: number;
}

export interface AgencyInput {
  code?: string;
  name?: string;
  county?: string;
  contactName?: string | null;
  contactPhone?: string | null;
  active?: boolean;
}

export interface TechnicianInput {
  agencyId?: number;
  name?: string;
  idNumber?: string;
  discipline?: string;
  certificates?: string[];
  fullTime?: boolean;
  active?: boolean;
}

export const rosterApi = {
  counties: () => http.get<string[]>('/api/roster/counties'),
  template: () => download('/api/roster/template', '技术人员名册模板.xlsx'),
  exportRoster: () => download('/api/roster/export', '技术人员名册.xlsx'),
  /** All or nothing; a 422 carries details.errors (sheet, row, column, reason). */
  importRoster: (fileBase64: string, fileName: string, importId?: string) =>
    http.post<ImportResult>('/api/roster/import', { file: fileBase64, fileName, importId }),
  importProgress: (importId: string) =>
    http.get<ImportProgress>(`/api/roster/import/progress/${encodeURIComponent(importId)}`),
  conflicts: () => http.get<RosterConflict[]>('/api/roster/conflicts'),
  resolveConflict: (technicianId: number, reason: string) =>
    http.post<RosterConflict[]>('/api/roster/conflicts/resolve', { technicianId, reason }),

  agencies: (q: { q?: string; county?: string; active?: boolean; page?: number; pageSize?: number }) =>
    http.get<Page<Agency>>('/api/agencies', { query: q }),
  agencyCounts: (agencyId?: number) =>
    http.get<AgencyCounts[]>('/api/agencies/counts', { query: { agencyId } }),
  createAgency: (a: AgencyInput) => http.post<Agency>('/api/agencies', a),
  updateAgency: (id: number, a: AgencyInput) => http.patch<Agency>(`/api/agencies/${id}`, a),
  deleteAgency: (id: number) => http.delete<void>(`/api/agencies/${id}`),

  technicians: (q: {
    q?: string;
    agencyId?: number;
    discipline?: string;
    active?: boolean;
    page?: number;
    pageSize?: number;
  }) => http.get<Page<Technician>>('/api/technicians', { query: q }),
  createTechnician: (t: TechnicianInput) => http.post<Technician>('/api/technicians', t),
  updateTechnician: (id: number, t: TechnicianInput) => http.patch<Technician>(`/api/technicians/${id}`, t),
  deleteTechnician: (id: number) => http.delete<void>(`/api/technicians/${id}`),
};
