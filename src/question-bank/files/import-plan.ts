import type { ItemStatus } from '../question-type';
import type { BankItem } from './bank-format';

/** What the database holds for one item, as far as an import needs it. */
export interface ExistingItemState {
  id: number;
  code: string;
  status: ItemStatus;
  /** Content hash of the current version. */
  currentHash: string;
  /** Content hash and status last imported from the bank files (null: never imported from a file). */
  fileHash: string | null;
  fileStatus: ItemStatus | null;
  /** "file:…", "admin" or "upload". */
  origin: string;
  versionCount: number;
}

export interface IncomingItem {
  item: BankItem;
  /** contentHash(item). */
  hash: string;
  /** "file:laws/x.yaml" for the shipped files, "upload" for an administrator's upload. */
  origin: string;
}

export interface PlannedChange {
  existing: ExistingItemState;
  incoming: IncomingItem;
  /** A new version with the incoming content. */
  newVersion: boolean;
  /** The status after the import (may equal the current one). */
  status: ItemStatus;
  /** Record the incoming hash and status as the last seen in the files. */
  trackFile: boolean;
}

export interface ImportPlan {
  create: IncomingItem[];
  /** Existing items that get a new version, a new status or both, or only new file bookkeeping. */
  update: PlannedChange[];
  unchanged: number;
  /** Codes of items once imported from the files that the files no longer contain (reported, not deleted). */
  missing: string[];
}

/**
 * Decides what an import does, item by item.
 *
 * From the shipped files ('files'), an item changes only where its file changed since the last import: a new
 * version when the file's content differs from the last imported content and from the current version, and
 * the file's status when the file's status or content changed. So an administrator's approval or edit made
 * in the application survives restarts until the file itself changes, and a second import of the same files
 * changes nothing.
 *
 * From an upload ('upload'), the upload is compared with the current state: a new version when the content
 * differs, the uploaded status when it differs.
 */
export function planImport(
  existing: readonly ExistingItemState[],
  incoming: readonly IncomingItem[],
  mode: 'files' | 'upload',
): ImportPlan {
  const byCode = new Map(existing.map((e) => [e.code, e]));
  const plan: ImportPlan = { create: [], update: [], unchanged: 0, missing: [] };
  const seen = new Set<string>();
  for (const inc of incoming) {
    seen.add(inc.item.id);
    const ex = byCode.get(inc.item.id);
    if (!ex) {
      plan.create.push(inc);
      continue;
    }
    const contentDiffers = inc.hash !== ex.currentHash;
    if (mode === 'upload') {
      if (contentDiffers || inc.item.status !== ex.status) {
        plan.update.push({
          existing: ex,
          incoming: inc,
          newVersion: contentDiffers,
          status: inc.item.status,
          trackFile: false,
        });
      } else {
        plan.unchanged++;
      }
      continue;
    }
    const fileContentChanged = inc.hash !== ex.fileHash;
    const fileStatusChanged = inc.item.status !== ex.fileStatus;
    if (!fileContentChanged && !fileStatusChanged) {
      plan.unchanged++;
      continue;
    }
    plan.update.push({
      existing: ex,
      incoming: inc,
      newVersion: fileContentChanged && contentDiffers,
      status: inc.item.status,
      trackFile: true,
    });
  }
  if (mode === 'files') {
    plan.missing = existing
      .filter((e) => e.origin.startsWith('file:') && !seen.has(e.code))
      .map((e) => e.code)
      .sort();
  }
  return plan;
}

/** The counts an import reports and audits. */
export interface ImportCounts {
  added: number;
  /** Items that got a new version. */
  changed: number;
  /** Items whose status changed (with or without a new version). */
  statusChanged: number;
  unchanged: number;
  missing: number;
}

export function countPlan(plan: ImportPlan): ImportCounts {
  return {
    added: plan.create.length,
    changed: plan.update.filter((u) => u.newVersion).length,
    statusChanged: plan.update.filter((u) => u.status !== u.existing.status).length,
    unchanged:
      plan.unchanged + plan.update.filter((u) => !u.newVersion && u.status === u.existing.status).length,
    missing: plan.missing.length,
  };
}
