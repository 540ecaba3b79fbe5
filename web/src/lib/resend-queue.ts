/**
 * The candidate's answers as the browser keeps them until the server has acknowledged them.
 *
 * Every change of an answer gets the next revision number for its question. The change is stored (in
 * localStorage) before it is sent, and stays "pending" until the server acknowledges that revision or a newer
 * one; pending changes are resent on reconnect and after a reload. The server keeps the highest revision per
 * question, so resending and out-of-order delivery are harmless. On resume, the server's answers are reconciled
 * with the local ones: the higher revision wins.
 */

/** judge: true/false; single: one label; multiple: sorted labels; null: cleared. */
export type AnswerValue = boolean | string | string[] | null;

export interface AnswerChange {
  questionId: number;
  value: AnswerValue;
  revision: number;
}

/** The part of the Storage API the queue uses (localStorage in the browser, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Entry {
  value: AnswerValue;
  revision: number;
  /** The highest revision the server has acknowledged for this question (0: none). */
  acked: number;
}

interface Stored {
  v: 1;
  answers: Record<string, Entry>;
  flags: number[];
}

export function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return (a ?? null) === (b ?? null);
}

/** Whether a value counts as answered (an empty multiple choice or a cleared answer does not). */
export function isAnswered(v: AnswerValue | undefined): boolean {
  if (v === null || v === undefined) {
    return false;
  }
  if (Array.isArray(v)) {
    return v.length > 0;
  }
  return v !== '';
}

export class AnswerQueue {
  private answers = new Map<number, Entry>();
  private flagged = new Set<number>();

  /**
   * @param storageKey one key per attempt, e.g. `choukao.answers.<attemptId>`
   * @param store where unacknowledged answers survive a reload; null keeps them in memory only
   */
  constructor(
    readonly storageKey: string,
    private readonly store: KeyValueStore | null,
  ) {
    this.load();
  }

  /** The current local value of a question. */
  get(questionId: number): AnswerValue | undefined {
    return this.answers.get(questionId)?.value;
  }

  /** The current revision of a question (0 when never answered). */
  revision(questionId: number): number {
    return this.answers.get(questionId)?.revision ?? 0;
  }

  answered(questionId: number): boolean {
    return isAnswered(this.get(questionId));
  }

  answeredCount(questionIds: readonly number[]): number {
    return questionIds.filter((q) => this.answered(q)).length;
  }

  /**
   * Records a change and returns what to send, or null when the value is unchanged. The change is persisted
   * before this returns, so a reload right after it loses nothing.
   */
  set(questionId: number, value: AnswerValue): AnswerChange | null {
    const cur = this.answers.get(questionId);
    if (cur ? sameAnswer(cur.value, value) : !isAnswered(value)) {
      return null;
    }
    const normalised = Array.isArray(value) ? [...value].sort() : value;
    const entry: Entry = {
      value: normalised,
      revision: (cur?.revision ?? 0) + 1,
      acked: cur?.acked ?? 0,
    };
    this.answers.set(questionId, entry);
    this.persist();
    return { questionId, value: normalised, revision: entry.revision };
  }

  /**
   * The server has durably stored `revision` (or the server's newer one) of a question. Returns true when this
   * settled the question (nothing newer is pending).
   */
  ack(questionId: number, revision: number): boolean {
    const cur = this.answers.get(questionId);
    if (!cur) {
      return false;
    }
    if (revision > cur.acked) {
      cur.acked = revision;
      this.persist();
    }
    return cur.acked >= cur.revision;
  }

  /**
   * The server refused a change for good (e.g. after the deadline): forget that it is pending, so it is not
   * resent forever. The local value stays as the candidate left it.
   */
  drop(questionId: number, revision: number): void {
    const cur = this.answers.get(questionId);
    if (cur && cur.revision <= revision && cur.acked < cur.revision) {
      cur.acked = cur.revision;
      this.persist();
    }
  }

  /** Changes not yet acknowledged, latest revision per question, in question order. */
  pending(): AnswerChange[] {
    const out: AnswerChange[] = [];
    for (const [questionId, e] of [...this.answers.entries()].sort((a, b) => a[0] - b[0])) {
      if (e.revision > e.acked) {
        out.push({ questionId, value: e.value, revision: e.revision });
      }
    }
    return out;
  }

  get pendingCount(): number {
    let n = 0;
    for (const e of this.answers.values()) {
      if (e.revision > e.acked) {
        n++;
      }
    }
    return n;
  }

  /**
   * Merges the server's saved answers (on login, resume or reconnect): for each question the higher revision
   * wins; a server answer at or above the local revision is taken as acknowledged. Returns the local changes
   * the server has not got, to resend.
   */
  reconcile(server: readonly AnswerChange[]): AnswerChange[] {
    for (const s of server) {
      const cur = this.answers.get(s.questionId);
      if (!cur || s.revision >= cur.revision) {
        this.answers.set(s.questionId, { value: s.value, revision: s.revision, acked: s.revision });
      } else if (s.revision > cur.acked) {
        cur.acked = s.revision;
      }
    }
    this.persist();
    return this.pending();
  }

  isFlagged(questionId: number): boolean {
    return this.flagged.has(questionId);
  }

  toggleFlag(questionId: number): boolean {
    if (this.flagged.has(questionId)) {
      this.flagged.delete(questionId);
    } else {
      this.flagged.add(questionId);
    }
    this.persist();
    return this.flagged.has(questionId);
  }

  /** After submission: nothing of the attempt needs to stay in the browser. */
  clear(): void {
    this.answers.clear();
    this.flagged.clear();
    this.store?.removeItem(this.storageKey);
  }

  private load(): void {
    const raw = this.store?.getItem(this.storageKey);
    if (!raw) {
      return;
    }
    try {
      const parsed = JSON.parse(raw) as Stored;
      if (parsed.v !== 1) {
        return;
      }
      for (const [k, e] of Object.entries(parsed.answers)) {
        if (Number.isInteger(e.revision) && Number.isInteger(e.acked)) {
          this.answers.set(Number(k), { value: e.value, revision: e.revision, acked: e.acked });
        }
      }
      for (const f of parsed.flags ?? []) {
        this.flagged.add(f);
      }
    } catch {
      // A corrupt entry is ignored; the server's copy is reconciled on login.
    }
  }

  private persist(): void {
    if (!this.store) {
      return;
    }
    const stored: Stored = { v: 1, answers: {}, flags: [...this.flagged] };
    for (const [k, e] of this.answers) {
      stored.answers[String(k)] = e;
    }
    try {
      this.store.setItem(this.storageKey, JSON.stringify(stored));
    } catch {
      // Storage full or disabled: the answers still live in memory and go to the server.
    }
  }
}

/** The acknowledgement of one answer, as far as the queue needs it (mirrors AnswerAck of the server). */
export type SaveAck =
  | { ok: true; questionId: number; revision: number }
  | { ok: false; questionId: number | null; code: string; message: string; retryAfterMs?: number };

/** Refusals after which resending the same change can never succeed. */
export const FINAL_REFUSALS: ReadonlySet<string> = new Set([
  'deadline-passed',
  'submitted',
  'voided',
  'taken-over',
  'invalid-response',
  'not-started',
]);

/** What to do with an acknowledgement: mark stored, stop sending, or send the same revision again later. */
export type AckOutcome =
  | { kind: 'stored'; revision: number }
  | { kind: 'final'; message: string }
  | { kind: 'retry'; afterMs: number; message: string };

/** Longest wait before a resend, however often the server asked to wait. */
export const MAX_RETRY_MS = 15_000;

/**
 * `unavailable` (the server could not save in time: database locked or away) and any refusal the page does
 * not know are retried; the wait starts at the server's hint (`retryAfterMs`, else 1 s) and doubles with each
 * failure of the same change in a row (`failures` ≥ 1), up to MAX_RETRY_MS. A resend is harmless: the server
 * keeps the highest revision, and acknowledges a revision it already stored even after the deadline.
 */
export function ackOutcome(ack: SaveAck, failures = 1): AckOutcome {
  if (ack.ok) {
    return { kind: 'stored', revision: ack.revision };
  }
  if (FINAL_REFUSALS.has(ack.code)) {
    return { kind: 'final', message: ack.message };
  }
  const base = Math.max(250, ack.retryAfterMs ?? 1000);
  const afterMs = Math.min(MAX_RETRY_MS, base * 2 ** Math.min(Math.max(failures, 1) - 1, 10));
  return { kind: 'retry', afterMs, message: ack.message };
}

export type SaveState =
  { kind: 'saved' } | { kind: 'saving'; pending: number } | { kind: 'offline'; pending: number };

/** What the always-visible save indicator says. */
export function saveStateLabel(s: SaveState): string {
  switch (s.kind) {
    case 'saved':
      return '已保存';
    case 'saving':
      return '保存中';
    case 'offline':
      return `离线，已暂存 ${s.pending} 题`;
  }
}

export function saveState(online: boolean, pending: number): SaveState {
  if (!online) {
    return { kind: 'offline', pending };
  }
  return pending > 0 ? { kind: 'saving', pending } : { kind: 'saved' };
}
