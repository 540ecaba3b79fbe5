import {
  ackOutcome,
  AnswerQueue,
  isAnswered,
  KeyValueStore,
  MAX_RETRY_MS,
  saveState,
  saveStateLabel,
} from './resend-queue';

class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

describe('answer resend queue', () => {
  it('numbers each change of a question and keeps it pending until acknowledged', () => {
    const q = new AnswerQueue('a1', null);
    expect(q.set(7, 'A')).toEqual({ questionId: 7, value: 'A', revision: 1 });
    expect(q.set(7, 'B')).toEqual({ questionId: 7, value: 'B', revision: 2 });
    expect(q.set(8, true)).toEqual({ questionId: 8, value: true, revision: 1 });
    expect(q.pendingCount).toBe(2);
    // The ack of the first revision does not settle the second.
    expect(q.ack(7, 1)).toBe(false);
    expect(q.pending()).toEqual([
      { questionId: 7, value: 'B', revision: 2 },
      { questionId: 8, value: true, revision: 1 },
    ]);
    expect(q.ack(7, 2)).toBe(true);
    // A late ack of an old revision after a newer one changes nothing.
    expect(q.ack(7, 1)).toBe(true);
    expect(q.pending()).toEqual([{ questionId: 8, value: true, revision: 1 }]);
  });

  it('ignores a change that repeats the current value, and sorts multiple-choice letters', () => {
    const q = new AnswerQueue('a1', null);
    expect(q.set(1, ['C', 'A'])).toEqual({ questionId: 1, value: ['A', 'C'], revision: 1 });
    expect(q.set(1, ['A', 'C'])).toBeNull();
    expect(q.set(2, null)).toBeNull();
    expect(q.set(1, [])).toEqual({ questionId: 1, value: [], revision: 2 });
    expect(q.answered(1)).toBe(false);
  });

  it('survives a reload: unacknowledged changes come back from storage and are resent', () => {
    const store = new MemoryStore();
    const before = new AnswerQueue('choukao.answers.9', store);
    before.set(1, 'A');
    before.set(2, 'C');
    before.ack(1, 1);
    before.toggleFlag(2);
    const after = new AnswerQueue('choukao.answers.9', store);
    expect(after.get(1)).toBe('A');
    expect(after.get(2)).toBe('C');
    expect(after.isFlagged(2)).toBe(true);
    expect(after.pending()).toEqual([{ questionId: 2, value: 'C', revision: 1 }]);
    // Another attempt's key sees nothing.
    expect(new AnswerQueue('choukao.answers.10', store).pendingCount).toBe(0);
  });

  it('reconciles with the server: the higher revision wins either way', () => {
    const store = new MemoryStore();
    const q = new AnswerQueue('k', store);
    q.set(1, 'A'); // r1, never acked (sent, but the ack was lost)
    q.set(2, 'B');
    q.set(2, 'D'); // r2 local, server only has r1
    q.set(3, true); // r1 local; the server has r3 from another tab
    const resend = q.reconcile([
      { questionId: 1, value: 'A', revision: 1 },
      { questionId: 2, value: 'B', revision: 1 },
      { questionId: 3, value: false, revision: 3 },
      { questionId: 4, value: ['A', 'B'], revision: 2 },
    ]);
    expect(resend).toEqual([{ questionId: 2, value: 'D', revision: 2 }]);
    expect(q.get(1)).toBe('A');
    expect(q.get(3)).toBe(false);
    expect(q.get(4)).toEqual(['A', 'B']);
    // The next change of question 3 continues after the server's revision.
    expect(q.set(3, true)).toEqual({ questionId: 3, value: true, revision: 4 });
  });

  it('drops a change the server refused for good, so it is not resent forever', () => {
    const q = new AnswerQueue('k', null);
    q.set(1, 'A');
    q.set(1, 'B');
    q.drop(1, 2);
    expect(q.pendingCount).toBe(0);
    expect(q.get(1)).toBe('B');
    // A drop for an older revision keeps a newer change pending.
    q.set(1, 'C');
    q.drop(1, 2);
    expect(q.pendingCount).toBe(1);
  });

  it('ignores corrupt storage and clears itself after submission', () => {
    const store = new MemoryStore();
    store.setItem('k', '{not json');
    const q = new AnswerQueue('k', store);
    expect(q.pendingCount).toBe(0);
    q.set(1, 'A');
    expect(store.getItem('k')).not.toBeNull();
    q.clear();
    expect(store.getItem('k')).toBeNull();
  });

  it('labels the save state', () => {
    expect(saveStateLabel(saveState(true, 0))).toBe('已保存');
    expect(saveStateLabel(saveState(true, 2))).toBe('保存中');
    expect(saveStateLabel(saveState(false, 3))).toBe('离线，已暂存 3 题');
    expect(isAnswered(false)).toBe(true);
    expect(isAnswered('')).toBe(false);
  });
});

describe('what an acknowledgement means for the queue', () => {
  const unavailable = (retryAfterMs?: number) => ({
    ok: false as const,
    questionId: 7,
    code: 'unavailable',
    message: '服务器暂时无法保存，答案已暂存在本机，将自动重试',
    retryAfterMs,
  });

  it('marks stored, stops on final refusals, and retries "unavailable" after the hint, backing off', () => {
    expect(ackOutcome({ ok: true, questionId: 7, revision: 3 })).toEqual({ kind: 'stored', revision: 3 });
    expect(
      ackOutcome({
        ok: false,
        questionId: 7,
        code: 'deadline-passed',
        message: '作答时间已结束，答案未被接受',
      }),
    ).toEqual({ kind: 'final', message: '作答时间已结束，答案未被接受' });
    expect(ackOutcome(unavailable(1000), 1)).toMatchObject({ kind: 'retry', afterMs: 1000 });
    expect(ackOutcome(unavailable(1000), 2)).toMatchObject({ kind: 'retry', afterMs: 2000 });
    expect(ackOutcome(unavailable(1000), 3)).toMatchObject({ kind: 'retry', afterMs: 4000 });
    expect(ackOutcome(unavailable(1000), 50)).toMatchObject({ kind: 'retry', afterMs: MAX_RETRY_MS });
    // No hint: one second; a hint too small is raised, an unknown code is retried too.
    expect(ackOutcome(unavailable())).toMatchObject({ kind: 'retry', afterMs: 1000 });
    expect(ackOutcome(unavailable(10))).toMatchObject({ kind: 'retry', afterMs: 250 });
    expect(ackOutcome({ ok: false, questionId: 7, code: 'http-500', message: 'x' })).toMatchObject({
      kind: 'retry',
    });
  });

  it('keeps a change refused as unavailable pending, so that it is resent until stored', () => {
    const q = new AnswerQueue('a1', null);
    const c = q.set(7, 'A')!;
    const first = ackOutcome(unavailable(1000));
    expect(first.kind).toBe('retry');
    expect(q.pending()).toEqual([c]);
    // The resend is stored (the server answers ok for a revision it already has, even after the deadline).
    const second = ackOutcome({ ok: true, questionId: 7, revision: c.revision });
    expect(second).toEqual({ kind: 'stored', revision: 1 });
    expect(q.ack(7, 1)).toBe(true);
    expect(q.pending()).toEqual([]);
  });
});
