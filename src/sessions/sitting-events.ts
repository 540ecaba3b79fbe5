import type { Actor } from '../common/actor';

/**
 * Events about whole sittings, raised after the change is committed. Scoring listens to `sitting.closed` to
 * record the absences (sessions does not write scoring's tables).
 */
export const SittingEvents = {
  closed: 'sitting.closed',
} as const;

/** Staff closed a sitting (结束场次); `absentTechnicianIds` were placed in it and never started. */
export interface SittingClosedEvent {
  actor: Actor;
  sittingId: number;
  sittingName: string;
  campaignId: number;
  reason: string;
  absentTechnicianIds: number[];
}
