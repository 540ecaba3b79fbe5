/*
 * Where a running roster import is, for the roster page's progress indicator: the page names its import with an
 * id of its own and asks `GET /api/roster/import/progress/:id` while it waits. Kept in the memory of the node
 * doing the import (another node answers 404, and the page then shows only the time elapsed); forgotten two
 * minutes after the import ends. Only the administrator who started an import can read it.
 */

export type ImportPhase =
  /** Waiting for another import on this node to finish reading. */
  | 'queued'
  /** The zip guard: sizes, ratio, row count. */
  | 'checking'
  /** exceljs reading the sheets (in the worker thread). */
  | 'reading'
  /** Every row checked (in the worker thread). */
  | 'validating'
  /** Comparing with the roster in the database and writing the changes (one transaction). */
  | 'writing'
  | 'done'
  | 'failed';

export interface ImportProgress {
  importId: string;
  phase: ImportPhase;
  /** Data rows of the 技术人员 sheet, once read. */
  rows: number | null;
  /** Rows written so far and to write, in the writing phase. */
  written: number | null;
  toWrite: number | null;
  startedAt: string;
  elapsedMs: number;
}

interface Entry {
  owner: string;
  startedAt: number;
  endedAt: number | null;
  phase: ImportPhase;
  rows: number | null;
  written: number | null;
  toWrite: number | null;
}

const KEEP_MS = 2 * 60_000;
/** A bound on what the map can hold (ids come from the browser). */
const MAX_TRACKED = 200;

export interface ImportTracker {
  set(p: { phase: ImportPhase; rows?: number | null; written?: number; toWrite?: number }): void;
  end(ok: boolean): void;
}

const NOOP: ImportTracker = { set: () => undefined, end: () => undefined };

export class ImportProgressRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts tracking `importId` for `owner`; without an id (or a duplicate one) nothing is tracked. */
  start(importId: string | undefined, owner: string): ImportTracker {
    this.sweep();
    if (!importId || this.entries.has(importId) || this.entries.size >= MAX_TRACKED) {
      return NOOP;
    }
    const e: Entry = {
      owner,
      startedAt: this.now(),
      endedAt: null,
      phase: 'checking',
      rows: null,
      written: null,
      toWrite: null,
    };
    this.entries.set(importId, e);
    return {
      set: (p) => {
        e.phase = p.phase;
        if (p.rows !== undefined) {
          e.rows = p.rows;
        }
        if (p.written !== undefined) {
          e.written = p.written;
        }
        if (p.toWrite !== undefined) {
          e.toWrite = p.toWrite;
        }
      },
      end: (ok) => {
        e.phase = ok ? 'done' : 'failed';
        e.endedAt = this.now();
      },
    };
  }

  get(importId: string, owner: string): ImportProgress | null {
    this.sweep();
    const e = this.entries.get(importId);
    if (!e || e.owner !== owner) {
      return null;
    }
    return {
      importId,
      phase: e.phase,
      rows: e.rows,
      written: e.written,
      toWrite: e.toWrite,
      startedAt: new Date(e.startedAt).toISOString(),
      elapsedMs: (e.endedAt ?? this.now()) - e.startedAt,
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, e] of this.entries) {
      if (e.endedAt !== null && now - e.endedAt > KEEP_MS) {
        this.entries.delete(id);
      }
    }
  }
}
