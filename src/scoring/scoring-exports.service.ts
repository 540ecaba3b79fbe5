import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { assertAdmin } from '../common/ownership';
import { SamplingService } from '../sampling/sampling.service';
import { ComponentsService } from './components.service';
import { ItemAnalysisService } from './item-analysis.service';
import { describeResultFilter, rankAgencies, ResultFilter } from './result-lists';
import { componentsWorkbook, itemAnalysisWorkbook, outcomeName, resultsWorkbook } from './results-workbook';
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

  /** 考生成绩 as Excel: the whole list, or what the list's search and filters show. */
  async exportResults(actor: Actor, campaignId: number, filter: ResultFilter = {}): Promise<Buffer> {
    assertAdmin(actor);
    const campaign = await this.sampling.getCampaign(campaignId);
    const rows = await this.results.results(actor, campaignId, filter);
    const described = describeResultFilter(filter, outcomeName);
    // The file carries every candidate's full ID number: who took it, and when, is recorded.
    await this.audit.record(actor, {
      action: 'results.export',
      target: `campaign:${campaignId}`,
      details: { candidates: rows.length, ...(described ? { filter: described, ...filter } : {}) },
    });
    return resultsWorkbook(campaign.name, rows, described);
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
