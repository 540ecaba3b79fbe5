/** A technician in a campaign's sample (drawn, or a substitute who took an excused person's place). */
export interface SampledTechnician {
  campaignId: number;
  technicianId: number;
  /** The key the draw ranked (`<agency code>-<ordinal>`, see docs/draw.md); unique within the campaign. */
  technicianKey: string;
  agencyId: number;
  agencyName: string;
  /** 统一社会信用代码. */
  agencyCode: string;
  name: string;
  /** 居民身份证号码 (never shown unmasked in public). */
  idNumber: string;
  discipline: string;
  /** 'drawn' at the draw; 'substitute' when replacing an excused technician. */
  via: 'drawn' | 'substitute';
}
