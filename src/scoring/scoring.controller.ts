import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { AbsencesService } from './absences.service';
import { RecordAbsenceDto, RecordedAbsenceDto, WithdrawAbsenceDto } from './dto/absence.dto';
import { AgencyComponentDto, toAgencyComponentDto } from './dto/agency-component.dto';
import { AnswerSheetDto, AnswerSheetQueryDto } from './dto/answer-sheet.dto';
import { CandidateResultDto, ResultListsDto, toCandidateResultDto } from './dto/candidate-result.dto';
import { GradeCampaignDto, GradeRunResponseDto, toGradeRunResponse } from './dto/grade-campaign.dto';
import {
  GradeChangeDto,
  GradeDetailDto,
  ListHistoryQueryDto,
  toGradeChangeDto,
  toGradeDetailDto,
} from './dto/grade-history.dto';
import {
  ItemAnalysisDto,
  ItemAnalysisQueryDto,
  ItemAnalysisRunDto,
  ItemStatisticDto,
  ReviewItemDto,
  RunItemAnalysisDto,
  toFormReliabilityDto,
  toItemStatisticDto,
} from './dto/item-analysis.dto';
import {
  CreateKeyCorrectionDto,
  KeyCorrectionDto,
  KeyCorrectionResultDto,
  toKeyCorrectionDto,
} from './dto/key-correction.dto';
import { ListResultsQueryDto } from './dto/list-results-query.dto';
import { ScoringSettingsDto } from './dto/scoring-settings.dto';
import { ComponentsService } from './components.service';
import { formatCenti } from './component';
import { GradingService } from './grading.service';
import { ItemAnalysisService } from './item-analysis.service';
import { KeyCorrectionsService } from './key-corrections.service';
import { XLSX } from './results-workbook';
import { ResultsService } from './results.service';
import { ScoringExportsService } from './scoring-exports.service';

const attachment = (ascii: string, name: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

@ApiTags('scoring')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/scoring')
export class ScoringController {
  constructor(
    private readonly grading: GradingService,
    private readonly results: ResultsService,
    private readonly components: ComponentsService,
    private readonly corrections: KeyCorrectionsService,
    private readonly items: ItemAnalysisService,
    private readonly exports: ScoringExportsService,
    private readonly absences: AbsencesService,
  ) {}

  @Post('campaigns/:campaignId/absences')
  @ApiOkResponse({ type: RecordedAbsenceDto })
  async recordAbsence(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: RecordAbsenceDto,
  ): Promise<RecordedAbsenceDto> {
    const a = await this.absences.record(actor, campaignId, dto);
    return {
      technicianId: a.technicianId,
      kind: a.kind,
      reason: a.reason,
      recordedBy: a.recordedBy,
      recordedAt: a.createdAt.toISOString(),
    };
  }

  @Post('campaigns/:campaignId/absences/:technicianId/withdraw')
  @HttpCode(204)
  async withdrawAbsence(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Param('technicianId', ParseIntPipe) technicianId: number,
    @Body() dto: WithdrawAbsenceDto,
  ): Promise<void> {
    await this.absences.withdraw(actor, campaignId, technicianId, dto.reason);
  }

  @Post('campaigns/:campaignId/grade')
  @HttpCode(200)
  @ApiOkResponse({ type: GradeRunResponseDto })
  async grade(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: GradeCampaignDto,
  ): Promise<GradeRunResponseDto> {
    return toGradeRunResponse(await this.grading.gradeCampaign(actor, campaignId, dto));
  }

  @Get('campaigns/:campaignId/results')
  @ApiOkResponse({ type: [CandidateResultDto] })
  async list(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ListResultsQueryDto,
  ): Promise<CandidateResultDto[]> {
    return (await this.results.results(actor, campaignId, q)).map(toCandidateResultDto);
  }

  @Get('campaigns/:campaignId/lists')
  @ApiOkResponse({ type: ResultListsDto })
  async lists(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<ResultListsDto> {
    const l = await this.components.lists(actor, campaignId);
    return {
      expertThreshold: formatCenti(l.expertThreshold),
      pending: l.pending,
      failed: l.failed.map(toCandidateResultDto),
      experts: l.experts.map(toCandidateResultDto),
      agencies: l.agencies.map(toAgencyComponentDto),
    };
  }

  @Post('campaigns/:campaignId/components')
  @HttpCode(200)
  @ApiOkResponse({ type: [AgencyComponentDto] })
  async compute(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<AgencyComponentDto[]> {
    return (await this.components.compute(actor, campaignId)).components.map(toAgencyComponentDto);
  }

  @Get('campaigns/:campaignId/components')
  @ApiOkResponse({ type: [AgencyComponentDto] })
  async components_(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<AgencyComponentDto[]> {
    return (await this.components.list(actor, campaignId)).map(toAgencyComponentDto);
  }

  @Get('campaigns/:campaignId/settings')
  @ApiOkResponse({ type: ScoringSettingsDto })
  async settings(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<ScoringSettingsDto> {
    return { expertThreshold: (await this.components.expertThreshold(actor, campaignId)) / 100 };
  }

  @Put('campaigns/:campaignId/settings')
  @ApiOkResponse({ type: ScoringSettingsDto })
  async setSettings(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: ScoringSettingsDto,
  ): Promise<ScoringSettingsDto> {
    const t = await this.components.setExpertThreshold(
      actor,
      campaignId,
      Math.round(dto.expertThreshold * 100),
    );
    return { expertThreshold: t / 100 };
  }

  @Get('campaigns/:campaignId/history')
  @ApiOkResponse({ type: [GradeChangeDto] })
  async history(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ListHistoryQueryDto,
  ): Promise<GradeChangeDto[]> {
    return (await this.results.history(actor, campaignId, q)).map((h) => toGradeChangeDto(h.change, h.who));
  }

  @Get('attempts/:attemptId')
  @ApiOkResponse({ type: GradeDetailDto })
  async attempt(
    @CurrentActor() actor: Actor,
    @Param('attemptId', ParseIntPipe) attemptId: number,
  ): Promise<GradeDetailDto> {
    return toGradeDetailDto(await this.results.gradeOf(actor, attemptId));
  }

  /** A candidate's answer sheet (答卷) for handling an objection; each reading is audited. */
  @Get('attempts/:attemptId/answer-sheet')
  @ApiOkResponse({ type: AnswerSheetDto })
  answerSheet(
    @CurrentActor() actor: Actor,
    @Param('attemptId', ParseIntPipe) attemptId: number,
    @Query() q: AnswerSheetQueryDto,
  ): Promise<AnswerSheetDto> {
    return this.results.answerSheet(actor, attemptId, q.objectionId);
  }

  @Post('campaigns/:campaignId/key-corrections')
  @HttpCode(200)
  @ApiOkResponse({ type: KeyCorrectionResultDto })
  async correct(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: CreateKeyCorrectionDto,
  ): Promise<KeyCorrectionResultDto> {
    const r = await this.corrections.correct(actor, campaignId, dto);
    return { correction: toKeyCorrectionDto(r.correction), changedAttemptIds: r.changedAttemptIds };
  }

  @Get('campaigns/:campaignId/key-corrections')
  @ApiOkResponse({ type: [KeyCorrectionDto] })
  async corrections_(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<KeyCorrectionDto[]> {
    return (await this.corrections.list(actor, campaignId)).map(toKeyCorrectionDto);
  }

  @Post('campaigns/:campaignId/item-analysis')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemAnalysisRunDto })
  async analyse(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: RunItemAnalysisDto,
  ): Promise<ItemAnalysisRunDto> {
    const r = await this.items.run(actor, campaignId, dto.sittingId);
    return { ...r, reliability: r.reliability.map(toFormReliabilityDto) };
  }

  @Get('campaigns/:campaignId/item-analysis')
  @ApiOkResponse({ type: ItemAnalysisDto })
  async analysis(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ItemAnalysisQueryDto,
  ): Promise<ItemAnalysisDto> {
    const r = await this.items.statistics(actor, campaignId, q);
    return { items: r.items.map(toItemStatisticDto), reliability: r.reliability.map(toFormReliabilityDto) };
  }

  @Get('item-flags')
  @ApiOkResponse({ type: [ItemStatisticDto] })
  async flags(@CurrentActor() actor: Actor): Promise<ItemStatisticDto[]> {
    return (await this.items.openFlags(actor)).map(toItemStatisticDto);
  }

  @Post('item-statistics/:id/review')
  @HttpCode(200)
  @ApiOkResponse({ type: ItemStatisticDto })
  async review(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ReviewItemDto,
  ): Promise<ItemStatisticDto> {
    return toItemStatisticDto(await this.items.review(actor, id, dto.note));
  }

  @Get('campaigns/:campaignId/exports/results.xlsx')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('results.xlsx', '考生成绩.xlsx'))
  exportResults(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ListResultsQueryDto,
  ): Promise<Buffer> {
    return this.exports.exportResults(actor, campaignId, q);
  }

  @Get('campaigns/:campaignId/exports/components.xlsx')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('components.xlsx', '机构抽考得分.xlsx'))
  exportComponents(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<Buffer> {
    return this.exports.exportComponents(actor, campaignId);
  }

  @Get('campaigns/:campaignId/exports/item-analysis.xlsx')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('item-analysis.xlsx', '题目分析.xlsx'))
  exportItems(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ItemAnalysisQueryDto,
  ): Promise<Buffer> {
    return this.exports.exportItemAnalysis(actor, campaignId, q.sittingId);
  }
}
