import { maskIdNumber, maskName } from '../roster/mask';
import { CanonicalRoster } from './draw';

export interface SnapshotAgencyInput {
  agencyId: number;
  code: string;
  name: string;
  county: string;
}

export interface SnapshotTechnicianInput {
  technicianId: number;
  agencyId: number;
  agencyCode: string;
  name: string;
  idNumber: string;
  discipline: string;
}

export interface SnapshotTechnicianRow extends SnapshotTechnicianInput {
  key: string;
  maskedName: string;
  maskedIdNumber: string;
}

export interface Snapshot {
  agencies: SnapshotAgencyInput[];
  technicians: SnapshotTechnicianRow[];
  roster: CanonicalRoster;
}

/** `<agency code>-<ordinal>`, the ordinal 1-based and zero-padded to 4 digits. */
export function technicianKey(agencyCode: string, ordinal: number): string {
  return `${agencyCode}-${String(ordinal).padStart(4, '0')}`;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Freezes a roster: agencies by code; within an agency, technicians by ID number get keys 0001, 0002 …;
 * the canonical roster (masked names and ID numbers) follows from that. Pure.
 */
export function buildSnapshot(
  agencies: readonly SnapshotAgencyInput[],
  technicians: readonly SnapshotTechnicianInput[],
): Snapshot {
  const sortedAgencies = [...agencies].sort((a, b) => cmp(a.code, b.code));
  const byAgency = new Map<string, SnapshotTechnicianInput[]>();
  for (const t of technicians) {
    const list = byAgency.get(t.agencyCode) ?? [];
    list.push(t);
    byAgency.set(t.agencyCode, list);
  }
  const rows: SnapshotTechnicianRow[] = [];
  for (const a of sortedAgencies) {
    const list = (byAgency.get(a.code) ?? []).sort(
      (x, y) => cmp(x.idNumber, y.idNumber) || x.technicianId - y.technicianId,
    );
    list.forEach((t, i) =>
      rows.push({
        ...t,
        key: technicianKey(a.code, i + 1),
        maskedName: maskName(t.name),
        maskedIdNumber: maskIdNumber(t.idNumber),
      }),
    );
  }
  // Already in key order unless an agency has more than 9,999 technicians (5-digit ordinals sort differently).
  if (rows.some((r, i) => i > 0 && !(rows[i - 1].key < r.key))) {
    rows.sort((x, y) => cmp(x.key, y.key));
  }
  return {
    agencies: sortedAgencies,
    technicians: rows,
    roster: toCanonicalRoster(sortedAgencies, rows),
  };
}

/** The canonical roster of stored snapshot rows (sorted here, so the order they were read in does not matter). */
export function toCanonicalRoster(
  agencies: ReadonlyArray<{ code: string; name: string; county: string }>,
  technicians: ReadonlyArray<{
    key: string;
    agencyCode: string;
    discipline: string;
    maskedName: string;
    maskedIdNumber: string;
  }>,
): CanonicalRoster {
  return {
    agencies: [...agencies]
      .sort((a, b) => cmp(a.code, b.code))
      .map((a) => ({ code: a.code, name: a.name, county: a.county })),
    technicians: [...technicians]
      .sort((a, b) => cmp(a.key, b.key))
      .map((t) => ({
        key: t.key,
        agencyCode: t.agencyCode,
        discipline: t.discipline,
        name: t.maskedName,
        idNumber: t.maskedIdNumber,
      })),
  };
}

/** ID numbers that appear in more than one agency of a snapshot, with the agencies. */
export function snapshotConflicts(
  technicians: ReadonlyArray<{ idNumber: string; agencyCode: string }>,
): Array<{ idNumber: string; agencyCodes: string[] }> {
  const agenciesOf = new Map<string, Set<string>>();
  for (const t of technicians) {
    const set = agenciesOf.get(t.idNumber) ?? new Set<string>();
    set.add(t.agencyCode);
    agenciesOf.set(t.idNumber, set);
  }
  return [...agenciesOf.entries()]
    .filter(([, codes]) => codes.size > 1)
    .map(([idNumber, codes]) => ({ idNumber, agencyCodes: [...codes].sort() }));
}
