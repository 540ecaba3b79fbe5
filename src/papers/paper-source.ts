import type { DeliveredPaper } from './paper-view';

/**
 * Where sessions get papers from. PapersModule provides the real one (frozen paper snapshots); sessions only
 * ever see the candidate view, which carries no keys.
 */
export abstract class PaperSource {
  /**
   * Makes sure every listed technician of the campaign has a paper (assembling the missing ones) and returns
   * technicianId → paperId. Called when candidates are placed in a sitting, so no start waits on assembly.
   */
  abstract ensurePapers(campaignId: number, technicianIds: number[]): Promise<Map<number, number>>;

  /** The candidate-facing paper: questions, shown options, points; never a key, basis or explanation. */
  abstract deliveredPaper(paperId: number): Promise<DeliveredPaper>;

  /** Many candidate-facing papers at once; ids without a paper are absent from the map. */
  abstract deliveredPapers(paperIds: readonly number[]): Promise<Map<number, DeliveredPaper>>;
}
