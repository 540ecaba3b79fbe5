import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef } from 'vue';
import {
  ExamConnection,
  examApi,
  type AnswerAck,
  type CandidateEventKind,
  type ExamReply,
  type ExamState,
  type ReportMessage,
} from '@/api/exam';
import { extensionNotice, ServerClock, toEpochMs } from '@/lib/countdown';
import { ackOutcome, AnswerQueue, saveState, type AnswerChange, type AnswerValue } from '@/lib/resend-queue';

const KEY = 'choukao.candidate';

interface Saved {
  token: string;
  namespace: string;
  expiresAt: number;
  ticketNumber: string;
}

function readSaved(): Saved | null {
  try {
    const raw = localStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as Saved) : null;
    return s && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

const DEVICE_KEY = 'choukao.device';

/**
 * This browser's own random id, sent with every sign-in: while an attempt is in progress, a sign-in from
 * another device waits for the proctor's 准许再次入场, one from this same browser does not.
 */
function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9-]{8,64}$/.test(id)) {
      id =
        typeof crypto !== 'undefined' && 'randomUUID' in crypto
          ? crypto.randomUUID()
          : `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return '';
  }
}

/**
 * Set once the page is being left (a reload, the paper closed): what the browser reports from then on is the
 * page going away, not the candidate switching screens, so it is not reported as 切屏.
 */
let leaving = false;
if (typeof window !== 'undefined') {
  let stay: ReturnType<typeof setTimeout> | null = null;
  const leave = (): void => {
    leaving = true;
    // A page still here a moment later was not left after all (a navigation that did not happen): report again.
    if (stay) {
      clearTimeout(stay);
    }
    stay = setTimeout(() => {
      leaving = false;
    }, 3000);
  };
  window.addEventListener('beforeunload', leave);
  window.addEventListener('pagehide', leave);
  window.addEventListener('pageshow', () => {
    leaving = false;
  });
}

export interface Warning {
  message: string;
  source: 'system' | 'proctor';
  at: number;
}

export type Ending = { kind: 'submitted' | 'voided' | 'taken-over' | 'error'; message: string };

/**
 * The candidate's exam session: the socket, the server clock, the answers (with the resend queue) and what
 * the proctor says. Pages are views over it; a reload rebuilds it from localStorage and the server.
 */
export const useExamStore = defineStore('exam', () => {
  const saved = readSaved();
  const session = ref<Saved | null>(saved);
  const state = shallowRef<ExamState | null>(null);
  const connected = ref(false);
  const browserOnline = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const clock = markRaw(new ServerClock());
  const offset = ref(0);
  const deadline = ref<number | null>(null);
  const warnings = ref<Warning[]>([]);
  /** The newest warning not yet acknowledged by the candidate (shown at once, modally). */
  const unreadWarning = ref<Warning | null>(null);
  const ending = ref<Ending | null>(null);
  const lastError = ref<string | null>(null);

  let conn: ExamConnection | null = null;
  let queue: AnswerQueue | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const inflight = new Map<number, number>();
  /** Consecutive retryable refusals per question (the resend backs off while the server cannot save). */
  const retries = new Map<number, number>();
  const reports: ReportMessage[] = [];

  /** Mirrors of the queue for the view. */
  const answers = reactive(new Map<number, AnswerValue>());
  const flags = reactive(new Set<number>());
  const pending = ref(0);

  const signedIn = computed(() => !!session.value);
  /** The socket is down but the HTTP twin of answer.save works (a proxy that refuses websockets, say). */
  const httpOk = ref(false);
  const online = computed(() => browserOnline.value && (connected.value || httpOk.value));
  const save = computed(() => saveState(online.value, pending.value));

  function persist(): void {
    if (session.value) {
      localStorage.setItem(KEY, JSON.stringify(session.value));
    } else {
      localStorage.removeItem(KEY);
    }
  }

  function observeClock(
    c: { serverTime: string; deadline: string | null },
    sentAt: number,
    receivedAt: number,
  ): void {
    const t = toEpochMs(c.serverTime);
    if (t !== null) {
      offset.value = clock.observe({ sentAt, receivedAt, serverTime: t });
    }
    if (c.deadline !== undefined) {
      setDeadline(toEpochMs(c.deadline));
    }
  }

  /**
   * Every deadline the server sends comes through here: a later one (a proctor's extension) is announced to
   * the candidate like a warning, so the timer never jumps silently.
   */
  function setDeadline(next: number | null): void {
    const notice = extensionNotice(deadline.value, next);
    deadline.value = next;
    if (notice) {
      const w: Warning = { message: notice, source: 'system', at: Date.now() };
      warnings.value = [...warnings.value, w];
      unreadWarning.value = w;
    }
  }

  async function login(ticketNumber: string, idNumber: string, accessCode: string): Promise<ExamState> {
    const sentAt = Date.now();
    const res = await examApi.login(
      ticketNumber.trim(),
      idNumber.trim().toUpperCase(),
      accessCode.trim(),
      deviceId() || undefined,
    );
    observeClock({ serverTime: res.serverTime, deadline: res.state.deadline }, sentAt, Date.now());
    session.value = {
      token: res.accessToken,
      namespace: res.socketNamespace,
      expiresAt: Date.now() + res.expiresIn * 1000,
      ticketNumber: ticketNumber.trim(),
    };
    persist();
    ending.value = null;
    disconnect();
    applyState(res.state);
    return res.state;
  }

  function syncMirrors(): void {
    if (!queue) {
      return;
    }
    pending.value = queue.pendingCount;
  }

  function loadAnswersFromQueue(questionIds: number[]): void {
    if (!queue) {
      return;
    }
    answers.clear();
    flags.clear();
    for (const q of questionIds) {
      const v = queue.get(q);
      if (v !== undefined) {
        answers.set(q, v);
      }
      if (queue.isFlagged(q)) {
        flags.add(q);
      }
    }
    syncMirrors();
  }

  function questionIds(s: ExamState): number[] {
    return s.paper ? s.paper.sections.flatMap((sec) => sec.questions.map((q) => q.questionId)) : [];
  }

  function applyState(s: ExamState): void {
    state.value = s;
    if (s.deadline !== undefined) {
      setDeadline(toEpochMs(s.deadline));
    }
    const key = s.attempt ? `choukao.answers.${s.attempt.id}` : null;
    if (key && queue?.storageKey !== key) {
      // One queue per attempt (another candidate may sign in on this machine).
      queue = markRaw(new AnswerQueue(key, localStorage));
      inflight.clear();
    }
    if (s.status === 'in-progress' && queue) {
      queue.reconcile(
        s.responses.map((r) => ({ questionId: r.questionId, value: r.response, revision: r.revision })),
      );
      loadAnswersFromQueue(questionIds(s));
      void flush();
    }
    if (s.status === 'submitted' && !ending.value) {
      ending.value = { kind: 'submitted', message: '答卷已提交' };
    }
    if (s.status === 'voided' && !ending.value) {
      ending.value = { kind: 'voided', message: s.message ?? '答卷已被作废' };
    }
  }

  function handleReply(r: ExamReply): ExamReply {
    if (r.ok) {
      applyState(r.state);
      lastError.value = null;
    } else {
      lastError.value = r.message;
    }
    return r;
  }

  function connect(): void {
    if (conn || !session.value) {
      return;
    }
    conn = markRaw(
      new ExamConnection(session.value.token, session.value.namespace, {
        clock: observeClock,
        state: applyState,
        warning: (message, source) => {
          const w = { message, source, at: Date.now() };
          warnings.value = [...warnings.value, w];
          unreadWarning.value = w;
        },
        deadline: (d) => {
          setDeadline(toEpochMs(d));
        },
        submitted: (message) => {
          ending.value = { kind: 'submitted', message };
          if (state.value) {
            state.value = { ...state.value, status: 'submitted' };
          }
        },
        voided: (message) => {
          ending.value = { kind: 'voided', message };
          if (state.value) {
            state.value = { ...state.value, status: 'voided' };
          }
        },
        takenOver: (message) => {
          ending.value = { kind: 'taken-over', message };
          disconnect();
        },
        readmitted: (accessToken, expiresIn) => {
          // 再次入场: the waiting sign-in now owns the login; connect again with its token to get the paper.
          if (!session.value) {
            return;
          }
          session.value = { ...session.value, token: accessToken, expiresAt: Date.now() + expiresIn * 1000 };
          persist();
          setTimeout(() => {
            disconnect();
            connect();
          }, 0);
        },
        error: (code, message) => {
          lastError.value = message;
          if (code === 'taken-over') {
            ending.value = { kind: 'taken-over', message };
            disconnect();
          } else if (code === 'http-401' || code === 'http-403') {
            // The sign-in is no longer valid: sign in again; unsent answers stay in this browser and are resent.
            ending.value = { kind: 'error', message };
            session.value = null;
            persist();
            disconnect();
          }
        },
        connection: (up) => {
          connected.value = up;
          if (up) {
            void onConnected();
          }
        },
      }),
    );
    if (!timer) {
      timer = setInterval(tick, 5000);
    }
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
  }

  let ticks = 0;
  function tick(): void {
    ticks++;
    if (!conn?.connected) {
      if (browserOnline.value && pending.value > 0) {
        void flushOverHttp();
      }
      return;
    }
    if (pending.value > 0) {
      void flush();
    }
    if (ticks % 6 === 0) {
      void conn
        .sync()
        .then(handleReply)
        .catch(() => undefined);
    }
  }

  async function onConnected(): Promise<void> {
    try {
      handleReply(await conn!.sync());
    } catch {
      // the next tick retries
    }
    await flushReports();
    await flush();
  }

  function goneOffline(): void {
    browserOnline.value = false;
    httpOk.value = false;
    // A lost network can take a minute to break a websocket; saving locally at once is more honest. The report
    // waits for the reconnection (sent once, with the browser's time of the loss).
    conn?.suspend();
    queueReport('offline');
  }

  function backOnline(): void {
    browserOnline.value = true;
    queueReport('online');
    conn?.resume();
  }

  function disconnect(): void {
    conn?.close();
    conn = null;
    connected.value = false;
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    window.removeEventListener('offline', goneOffline);
    window.removeEventListener('online', backOnline);
  }

  async function send(change: AnswerChange): Promise<void> {
    if (!conn?.connected || !queue) {
      return;
    }
    if ((inflight.get(change.questionId) ?? 0) >= change.revision) {
      return;
    }
    inflight.set(change.questionId, change.revision);
    try {
      settle(
        change,
        await conn.save({ questionId: change.questionId, response: change.value, revision: change.revision }),
      );
    } catch {
      // no ack: the change stays pending and is resent
    } finally {
      if (inflight.get(change.questionId) === change.revision) {
        inflight.delete(change.questionId);
      }
      syncMirrors();
    }
  }

  function settle(change: AnswerChange, ack: AnswerAck): void {
    if (!queue) {
      return;
    }
    const failures = ack.ok ? 0 : (retries.get(change.questionId) ?? 0) + 1;
    const outcome = ackOutcome(ack, failures);
    switch (outcome.kind) {
      case 'stored':
        retries.delete(change.questionId);
        queue.ack(change.questionId, outcome.revision);
        break;
      case 'final':
        retries.delete(change.questionId);
        queue.drop(change.questionId, change.revision);
        lastError.value = outcome.message;
        break;
      case 'retry':
        // Not saved yet (the server could not commit in time): the change stays pending and is sent again
        // after the server's hint, backing off while it keeps failing.
        retries.set(change.questionId, failures);
        lastError.value = outcome.message;
        setTimeout(() => {
          const latest = queue?.pending().find((c) => c.questionId === change.questionId);
          if (latest) {
            void send(latest);
          }
        }, outcome.afterMs);
        break;
    }
  }

  /** Without the socket, pending answers go over HTTP (same revisions, same acknowledgement). */
  async function flushOverHttp(): Promise<void> {
    if (!queue || !session.value) {
      return;
    }
    for (const change of queue.pending()) {
      if ((inflight.get(change.questionId) ?? 0) >= change.revision) {
        continue;
      }
      inflight.set(change.questionId, change.revision);
      const sentAt = Date.now();
      try {
        const ack = await examApi.saveAnswer(session.value.token, {
          questionId: change.questionId,
          response: change.value,
          revision: change.revision,
        });
        observeClock(ack, sentAt, Date.now());
        settle(change, ack);
        httpOk.value = true;
      } catch {
        httpOk.value = false;
        return;
      } finally {
        if (inflight.get(change.questionId) === change.revision) {
          inflight.delete(change.questionId);
        }
        syncMirrors();
      }
    }
  }

  async function flush(): Promise<void> {
    if (!queue) {
      return;
    }
    await Promise.all(queue.pending().map((c) => send(c)));
  }

  function setAnswer(questionId: number, value: AnswerValue): void {
    if (!queue || state.value?.status !== 'in-progress') {
      return;
    }
    const change = queue.set(questionId, value);
    if (!change) {
      return;
    }
    answers.set(questionId, change.value);
    syncMirrors();
    if (conn?.connected) {
      void send(change);
    } else if (browserOnline.value && httpOk.value) {
      void flushOverHttp();
    }
  }

  function toggleFlag(questionId: number): void {
    if (!queue) {
      return;
    }
    if (queue.toggleFlag(questionId)) {
      flags.add(questionId);
    } else {
      flags.delete(questionId);
    }
  }

  function queueReport(kind: CandidateEventKind, details?: Record<string, string | number | boolean>): void {
    if (leaving) {
      return;
    }
    if (
      state.value?.status !== 'in-progress' &&
      state.value?.status !== 'admitted' &&
      state.value?.status !== 'waiting'
    ) {
      return;
    }
    reports.push({ kind, clientTime: new Date().toISOString(), details });
    void flushReports();
  }

  async function flushReports(): Promise<void> {
    while (reports.length && conn?.connected) {
      const r = reports[0];
      try {
        await conn.report(r);
        reports.shift();
      } catch {
        return;
      }
    }
  }

  async function start(): Promise<ExamReply> {
    if (!conn) {
      connect();
    }
    return handleReply(await conn!.start());
  }

  async function sync(): Promise<void> {
    if (conn?.connected) {
      handleReply(await conn.sync());
    }
  }

  /** Sends what is pending, waits briefly for the acks, then submits. */
  async function submit(): Promise<ExamReply> {
    await flush();
    for (let i = 0; i < 20 && pending.value > 0 && conn?.connected; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await flush();
    }
    const r = handleReply(await conn!.submit());
    if (r.ok && r.state.status === 'submitted') {
      ending.value = { kind: 'submitted', message: '答卷已提交' };
    }
    return r;
  }

  /** After the end: nothing of the candidate stays in this browser. */
  function signOut(): void {
    disconnect();
    queue?.clear();
    queue = null;
    answers.clear();
    flags.clear();
    pending.value = 0;
    session.value = null;
    state.value = null;
    warnings.value = [];
    unreadWarning.value = null;
    persist();
  }

  return {
    session,
    state,
    connected,
    browserOnline,
    online,
    offset,
    deadline,
    warnings,
    unreadWarning,
    ending,
    lastError,
    answers,
    flags,
    pending,
    save,
    signedIn,
    login,
    connect,
    disconnect,
    start,
    sync,
    submit,
    setAnswer,
    toggleFlag,
    queueReport,
    signOut,
    serverNow: () => clock.now(Date.now()),
  };
});
