/** Domain events the sampling module raises (after its transaction commits) for later modules to react to. */
export const SAMPLING_DRAWN = 'sampling.drawn';
export const SAMPLING_SUBSTITUTED = 'sampling.substituted';

export interface SamplingDrawnEvent {
  campaignId: number;
}

export interface SamplingSubstitutedEvent {
  campaignId: number;
  excusedTechnicianId: number;
  /** null when the agency had nobody left to bring in (it is short). */
  replacementTechnicianId: number | null;
}
