import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { assertAdmin } from '../common/ownership';
import { SamplingService } from '../sampling/sampling.service';
import { ComponentsService } from './components.service';
import { ItemAnalysisService } from './item-analysis.service';
import { rankAgencies } from './result-lists';
import { componentsWorkbook, itemAnalysisWorkbook, resultsWorkbook } from './results-workbook';
import { ResultsService } from './results.service';

/** The Excel exports: candidates' results, agencies' components, item analysis. */
@Injectable()
export class ScoringExportsService {
  constructor(
    private readonly sampling: SamplingService,
    private readonly results: ResultsService,
    private readonly components: ComponentsService,
    private readonly items: ItemAnalysisService,
    private readonly audit: AuditService,
  ) {}

  async exportResults(actor: Actor, campaignId: number): Promise<Buffer> {
    assertAdmin(actor);
    const campaign = await this.sampling.getCampaign(campaignId);
    const rows = await this.results.campaignResults(campaignId);
    // The file carries every candidate's full ID number: who took it, and when, is recorded.
    await this.audit.record(actor, {
      action: 'results.export',
      target: `campaign:${campaignId}`,
      details: { candidates: rows.length },
    });
    return resultsWorkbook(campaign.name, rows);
  }

  async exportComponents(actor: Actor, campaignId: number): Promise<Buffer> {
    assertAdmin(actor);
    const campaign = await this.sampling.getCampaign(campaignId);
    return componentsWorkbook(campaign.name, rankAgencies(await this.components.stored(campaignId)));
  }

  async exportItemAnalysis(actor: Actor, campaignId: number, sittingId?: number): Promise<Buffer> {
    const campaign = await this.sampling.getCampaign(campaignId);
    const { items, reliability } = await this.items.statistics(actor, campaignId, { sittingId });
    return itemAnalysisWorkbook(campaign.name, items, reliability);
  }
}
