/**
 * When a sign-in must wait for the proctor (再次入场): while the candidate's attempt is in progress, a sign-in
 * from another device than the one answering now — or than the one that answered last, however long ago — does
 * not take over by itself. The proctor checks the person's identity and admits the new device; only then is
 * the earlier device told it was replaced. A crashed PC is the common case: the candidate comes back on a
 * spare one and the proctor lets them in, with every saved answer and the same deadline.
 *
 * A device is the random id the exam page keeps in the browser; a sign-in without one counts as another
 * device. Sign-ins outside an attempt in progress (the waiting room, after submission) take over at once as
 * before: there is no paper to protect yet, or any more.
 */

export interface ReloginFacts {
  /** The candidate's attempt is in progress. */
  inProgress: boolean;
  /** The device ids of the candidate's sockets open now (null: a socket of a page that sent no id). */
  connectedDevices: Array<string | null>;
  /** When the server last saw the candidate's last socket go, with that socket's device, if it did. */
  lastLost: { at: Date; device: string | null } | null;
  /** The last time a socket of the candidate came back after `lastLost` (then it is not "lost" any more). */
  restoredAfterLost: boolean;
  /** The device of the new sign-in (null: none sent). */
  device: string | null;
  now: Date;
}

/** Whether a device id names the same browser as the new sign-in's (an unknown id never does). */
function sameDevice(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a === b;
}

/**
 * 'hold': the sign-in waits for the proctor's admission; 'take-over': it becomes the candidate's login at
 * once (the older ones are told and dropped).
 */
export function reloginDecision(f: ReloginFacts): 'hold' | 'take-over' {
  if (!f.inProgress) {
    return 'take-over';
  }
  if (f.connectedDevices.some((d) => !sameDevice(d, f.device))) {
    return 'hold';
  }
  if (f.connectedDevices.length > 0) {
    // Only this same browser is connected (a second tab, a sign-in again after clearing the page).
    return 'take-over';
  }
  // The device that answered last has gone (a crashed PC, a lost network, a closed browser): however long ago,
  // another device continuing this paper is a person the proctor should see first.
  if (f.lastLost && !f.restoredAfterLost && !sameDevice(f.lastLost.device, f.device)) {
    return 'hold';
  }
  return 'take-over';
}
