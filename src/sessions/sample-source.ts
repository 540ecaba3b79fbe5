import type { SampledTechnician } from '../sampling/sampled-technician';

/** Where sittings get their candidates from: the campaign's draw (SamplingService provides the real one). */
export abstract class SampleSource {
  abstract sampledTechnicians(campaignId: number): Promise<SampledTechnician[]>;
}
