import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import {
  BlueprintCheckResponseDto,
  BlueprintListResponseDto,
  BlueprintResponseDto,
  SaveBlueprintDto,
} from './dto/blueprint.dto';
import {
  AdminPaperDto,
  AssembleResultDto,
  ExamDateResponseDto,
  FairnessReportDto,
  PaperSummaryDto,
  SetExamDateDto,
} from './dto/paper.dto';
import { BlueprintsService } from './blueprints.service';
import { PaperAssemblyService } from './paper-assembly.service';
import { PaperViewsService } from './paper-views.service';

const DISCIPLINE_PARAM = {
  name: 'discipline',
  description: "A discipline code (e.g. hazardous-chemicals), or 'default' for the campaign default.",
};

@ApiTags('papers')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/campaigns/:campaignId/blueprints')
export class BlueprintsController {
  constructor(private readonly blueprints: BlueprintsService) {}

  @Get()
  @ApiOkResponse({ type: BlueprintListResponseDto })
  list(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<BlueprintListResponseDto> {
    return this.blueprints.listBlueprints(actor, campaignId);
  }

  @Get(':discipline')
  @ApiParam(DISCIPLINE_PARAM)
  @ApiOkResponse({ type: BlueprintResponseDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Param('discipline') discipline: string,
  ): Promise<BlueprintResponseDto> {
    return this.blueprints.blueprint(actor, campaignId, discipline);
  }

  @Put(':discipline')
  @ApiOperation({
    summary:
      'Save a blueprint; refused (422, capacity reports in details) if the approved pool cannot satisfy it',
  })
  @ApiParam(DISCIPLINE_PARAM)
  @ApiOkResponse({ type: BlueprintCheckResponseDto })
  save(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Param('discipline') discipline: string,
    @Body() dto: SaveBlueprintDto,
  ): Promise<BlueprintCheckResponseDto> {
    return this.blueprints.saveBlueprint(actor, campaignId, discipline, dto);
  }

  @Post(':discipline/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report whether the approved pool can satisfy a blueprint, without saving it' })
  @ApiParam(DISCIPLINE_PARAM)
  @ApiOkResponse({ type: BlueprintCheckResponseDto })
  check(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Param('discipline') discipline: string,
    @Body() dto: SaveBlueprintDto,
  ): Promise<BlueprintCheckResponseDto> {
    return this.blueprints.checkBlueprint(actor, campaignId, discipline, dto);
  }

  @Delete(':discipline')
  @HttpCode(204)
  @ApiParam(DISCIPLINE_PARAM)
  remove(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Param('discipline') discipline: string,
  ): Promise<void> {
    return this.blueprints.deleteBlueprint(actor, campaignId, discipline);
  }
}

@ApiTags('papers')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/campaigns/:campaignId/papers')
export class PapersController {
  constructor(
    private readonly blueprints: BlueprintsService,
    private readonly assembly: PaperAssemblyService,
    private readonly papers: PaperViewsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [PaperSummaryDto] })
  list(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<PaperSummaryDto[]> {
    return this.papers.listPapers(actor, campaignId);
  }

  @Post('assemble')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assemble a paper for every sampled technician who has none (组卷)' })
  @ApiOkResponse({ type: AssembleResultDto })
  assemble(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<AssembleResultDto> {
    return this.assembly.assembleCampaign(actor, campaignId);
  }

  @Put('exam-date')
  @ApiOperation({
    summary: 'Set the exam date on which the sources of the bank must be current (before assembly)',
  })
  @ApiOkResponse({ type: ExamDateResponseDto })
  setExamDate(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: SetExamDateDto,
  ): Promise<ExamDateResponseDto> {
    return this.blueprints.setExamDate(actor, campaignId, dto);
  }

  @Get('fairness')
  @ApiOkResponse({ type: FairnessReportDto })
  fairness(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<FairnessReportDto> {
    return this.papers.fairness(actor, campaignId);
  }

  @Get(':paperId')
  @ApiOperation({ summary: 'One paper as the candidate sees it, with keys and provenance (administrators)' })
  @ApiOkResponse({ type: AdminPaperDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Param('paperId', ParseIntPipe) paperId: number,
  ): Promise<AdminPaperDto> {
    return this.papers.adminPaper(actor, campaignId, paperId);
  }
}
