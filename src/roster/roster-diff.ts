import type { AgencyInput, TechnicianInput } from './roster-rows';

export interface ExistingAgency {
  id: number;
  code: string;
  name: string;
  county: string;
  contactName: string | null;
  contactPhone: string | null;
  active: boolean;
}

export interface ExistingTechnician {
  id: number;
  agencyCode: string;
  name: string;
  idNumber: string;
  discipline: string;
  certificates: string[];
  fullTime: boolean;
  active: boolean;
}

type AgencyFields = Omit<ExistingAgency, 'id' | 'code'>;
type TechnicianFields = Pick<
  ExistingTechnician,
  'name' | 'discipline' | 'certificates' | 'fullTime' | 'active'
>;

export interface Change<T> {
  id: number;
  /** Human key for the audit: the agency code, or agency code + masked person. */
  key: string;
  changes: Partial<T>;
}

export interface RosterPlan {
  agencyCreates: AgencyInput[];
  agencyUpdates: Array<Change<AgencyFields>>;
  agenciesUnchanged: number;
  technicianCreates: TechnicianInput[];
  technicianUpdates: Array<Change<TechnicianFields>>;
  /** Active technicians of an agency listed in the 机构 sheet who are missing from the file: set 离职. */
  technicianDeactivations: Array<Change<TechnicianFields>>;
  techniciansUnchanged: number;
}

/**
 * What an import would change. An agency listed in the 机构 sheet is described completely by the file: its
 * technicians missing from the 技术人员 sheet become inactive (never deleted). Technicians of agencies that are
 * only referred to are added or updated, and the others left alone. Importing the same file twice plans
 * nothing the second time. Pure.
 */
export function planRosterImport(
  file: { agencies: AgencyInput[]; technicians: TechnicianInput[] },
  existing: { agencies: ExistingAgency[]; technicians: ExistingTechnician[] },
): RosterPlan {
  const steps = planSteps(file, existing);
  for (let s = steps.next(); ; s = steps.next()) {
    if (s.done) {
      return s.value;
    }
  }
}

/** Rows compared between two turns of the event loop by planRosterImportInSlices. */
const PLAN_SLICE = 2000;

/**
 * The same plan as planRosterImport, computed in slices with a turn of the event loop between them, so that a
 * 50,000-row roster does not hold up other requests while it is compared.
 */
export async function planRosterImportInSlices(
  file: { agencies: AgencyInput[]; technicians: TechnicianInput[] },
  existing: { agencies: ExistingAgency[]; technicians: ExistingTechnician[] },
): Promise<RosterPlan> {
  const steps = planSteps(file, existing);
  for (let s = steps.next(); ; s = steps.next()) {
    if (s.done) {
      return s.value;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The plan, yielding after every PLAN_SLICE rows. */
function* planSteps(
  file: { agencies: AgencyInput[]; technicians: TechnicianInput[] },
  existing: { agencies: ExistingAgency[]; technicians: ExistingTechnician[] },
): Generator<void, RosterPlan, void> {
  let sinceYield = 0;
  const tick = () => ++sinceYield % PLAN_SLICE === 0;
  const plan: RosterPlan = {
    agencyCreates: [],
    agencyUpdates: [],
    agenciesUnchanged: 0,
    technicianCreates: [],
    technicianUpdates: [],
    technicianDeactivations: [],
    techniciansUnchanged: 0,
  };
  const agencyByCode = new Map(existing.agencies.map((a) => [a.code, a]));
  for (const a of file.agencies) {
    if (tick()) {
      yield;
    }
    const old = agencyByCode.get(a.code);
    if (!old) {
      plan.agencyCreates.push(a);
      continue;
    }
    const changes = diffFields<AgencyFields>(old, {
      name: a.name,
      county: a.county,
      contactName: a.contactName,
      contactPhone: a.contactPhone,
      active: a.active,
    });
    if (changes) {
      plan.agencyUpdates.push({ id: old.id, key: a.code, changes });
    } else {
      plan.agenciesUnchanged += 1;
    }
  }

  const techKey = (agencyCode: string, idNumber: string) => `${agencyCode}|${idNumber}`;
  const techByKey = new Map(existing.technicians.map((t) => [techKey(t.agencyCode, t.idNumber), t]));
  const inFile = new Set<string>();
  for (const t of file.technicians) {
    if (tick()) {
      yield;
    }
    const key = techKey(t.agencyCode, t.idNumber);
    inFile.add(key);
    const old = techByKey.get(key);
    if (!old) {
      plan.technicianCreates.push(t);
      continue;
    }
    const changes = diffFields<TechnicianFields>(old, {
      name: t.name,
      discipline: t.discipline,
      certificates: t.certificates,
      fullTime: t.fullTime,
      active: t.active,
    });
    if (changes) {
      plan.technicianUpdates.push({ id: old.id, key, changes });
    } else {
      plan.techniciansUnchanged += 1;
    }
  }
  const listed = new Set(file.agencies.map((a) => a.code));
  for (const t of existing.technicians) {
    if (tick()) {
      yield;
    }
    const key = techKey(t.agencyCode, t.idNumber);
    if (listed.has(t.agencyCode) && !inFile.has(key) && t.active) {
      plan.technicianDeactivations.push({ id: t.id, key, changes: { active: false } });
    }
  }
  return plan;
}

export function planIsEmpty(p: RosterPlan): boolean {
  return (
    p.agencyCreates.length +
      p.agencyUpdates.length +
      p.technicianCreates.length +
      p.technicianUpdates.length +
      p.technicianDeactivations.length ===
    0
  );
}

function diffFields<T extends object>(old: T, next: T): Partial<T> | null {
  const out: Partial<T> = {};
  let any = false;
  for (const k of Object.keys(next) as Array<keyof T>) {
    if (JSON.stringify(old[k]) !== JSON.stringify(next[k])) {
      out[k] = next[k];
      any = true;
    }
  }
  return any ? out : null;
}
