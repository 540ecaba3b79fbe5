import { Injectable } from '@nestjs/common';
import { PaperAssemblyService } from './paper-assembly.service';
import { PaperSource } from './paper-source';
import { PaperViewsService } from './paper-views.service';
import type { DeliveredPaper } from './paper-view';

/** The real PaperSource: papers assembled on demand (PaperAssemblyService), delivered from their frozen snapshots. */
@Injectable()
export class FrozenPaperSource extends PaperSource {
  constructor(
    private readonly assembly: PaperAssemblyService,
    private readonly views: PaperViewsService,
  ) {
    super();
  }

  ensurePapers(campaignId: number, technicianIds: number[]): Promise<Map<number, number>> {
    return this.assembly.ensurePapers(campaignId, technicianIds);
  }

  deliveredPaper(paperId: number): Promise<DeliveredPaper> {
    return this.views.deliveredPaper(paperId);
  }

  deliveredPapers(paperIds: readonly number[]): Promise<Map<number, DeliveredPaper>> {
    return this.views.deliveredPapers(paperIds);
  }
}
