/** The socket.io load generator's input and output (parent: socket-load.ts, child: socket-load.worker.ts). */

export type SocketLoadPhase =
  /** Keep every client connected and idle; at the end the worker reads the server's RSS. */
  | { kind: 'hold'; seconds: number }
  /** Each client sends its next message as soon as the previous one is acknowledged: the server's limit. */
  | { kind: 'closed'; seconds: number }
  /** Open loop: every client sends `perClientPerSec` messages a second, spread evenly, acknowledged or not. */
  | { kind: 'paced'; seconds: number; perClientPerSec: number };

export interface SocketLoadInput {
  /** http://127.0.0.1:<port> */
  url: string;
  /** '/exam' for the app and the bare server alike. */
  namespace: string;
  /** One per client (the candidate's access token; anything for the bare server). */
  tokens: string[];
  /** The server's pid, to read its RSS at the end of each hold phase. */
  serverPid?: number;
  /** Connections opened at once. */
  connectConcurrency: number;
  /** A client that has not received its first state within this long counts as failed. */
  connectTimeoutMs: number;
  /** Event each message is sent as ('answer.save'). */
  event: string;
  ackTimeoutMs: number;
  phases: SocketLoadPhase[];
}

export interface SocketPhaseResult {
  kind: SocketLoadPhase['kind'];
  seconds: number;
  /** Offered messages/s (paced), or 0. */
  offeredPerSec: number;
  sent: number;
  /** Acknowledged with ok: true. */
  acked: number;
  /** Of those, acknowledged before the phase ended (what the rate is computed from). */
  ackedInWindow: number;
  /** Acknowledged with ok: false (first codes in `errors`). */
  refused: number;
  timedOut: number;
  /** Acknowledgement latencies of the acked messages (ms). */
  latencies: number[];
  /** Server RSS at the end of a hold phase (bytes). */
  serverRssBytes?: number;
  /** Clients still connected at the end of the phase. */
  connectedAtEnd: number;
  elapsedMs: number;
}

export interface SocketLoadResult {
  clients: number;
  connected: number;
  connectFailed: number;
  /** From the first connection attempt to the last client's first state (ms). */
  connectMs: number;
  errors: string[];
  phases: SocketPhaseResult[];
  loadgenRssBytes: number;
}

/** Messages between the parent and a worker. */
export type WorkerToParent =
  | { type: 'connected'; connected: number; connectFailed: number; connectMs: number; errors: string[] }
  | { type: 'done'; result: SocketLoadResult }
  | { type: 'error'; error: string };

export type ParentToWorker = { type: 'start'; input: SocketLoadInput } | { type: 'go' };
