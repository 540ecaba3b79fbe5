import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Actor } from '../common/actor';
import { CurrentActor, Public, Roles } from '../common/decorators';
import type { DrawRecord } from './draw-record';
import {
  CampaignResponseDto,
  CreateCampaignDto,
  DrawCampaignDto,
  FreezeCampaignDto,
  FreezeResultDto,
  PublicCampaignDto,
  UpdateCampaignDto,
} from './dto/campaign.dto';
import {
  AgencyFiguresDto,
  ExcusalResultDto,
  ExcuseTechnicianDto,
  SampledTechnicianDto,
} from './dto/sample.dto';
import type { SampledTechnician } from './sampled-technician';
import { SamplingService } from './sampling.service';

@ApiTags('sampling')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly sampling: SamplingService) {}

  @Get()
  @ApiOkResponse({ type: [CampaignResponseDto] })
  list(@CurrentActor() actor: Actor): Promise<CampaignResponseDto[]> {
    return this.sampling.listCampaigns(actor);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCampaignDto): Promise<CampaignResponseDto> {
    return this.sampling.createCampaign(actor, dto);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<CampaignResponseDto> {
    return this.sampling.campaign(actor, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateCampaignDto,
  ): Promise<CampaignResponseDto> {
    return this.sampling.updateCampaign(actor, id, dto);
  }

  @Post(':id/freeze')
  @HttpCode(200)
  freeze(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: FreezeCampaignDto,
  ): Promise<FreezeResultDto> {
    return this.sampling.freeze(actor, id, dto);
  }

  @Post(':id/draw')
  @HttpCode(200)
  draw(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: DrawCampaignDto,
  ): Promise<CampaignResponseDto> {
    return this.sampling.draw(actor, id, dto);
  }

  @Get(':id/figures')
  @ApiOkResponse({ type: [AgencyFiguresDto] })
  figures(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<AgencyFiguresDto[]> {
    return this.sampling.figuresFor(actor, id);
  }

  @Get(':id/sample')
  @ApiOkResponse({ type: [SampledTechnicianDto] })
  sample(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<SampledTechnician[]> {
    return this.sampling.sampleFor(actor, id);
  }

  @Post(':id/excusals')
  excuse(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ExcuseTechnicianDto,
  ): Promise<ExcusalResultDto> {
    return this.sampling.excuse(actor, id, dto);
  }
}

/** What anyone may read without signing in: the published hash and commitment, then the draw record. */
@ApiTags('public')
@Public()
@SkipThrottle()
@Controller('api/public/campaigns')
export class PublicCampaignsController {
  constructor(private readonly sampling: SamplingService) {}

  @Get()
  @ApiOkResponse({ type: [PublicCampaignDto], description: '已冻结名册的批次及其公布值（名册哈希、承诺值）' })
  campaigns(): Promise<PublicCampaignDto[]> {
    return this.sampling.publicCampaigns();
  }

  @Get(':id')
  campaign(@Param('id', ParseIntPipe) id: number): Promise<PublicCampaignDto> {
    return this.sampling.publicCampaign(id);
  }

  @Get(':id/draw-record')
  @Header('content-disposition', 'attachment; filename="draw-record.json"')
  @ApiOkResponse({ description: '抽取记录（JSON，见 docs/draw.md）' })
  drawRecord(@Param('id', ParseIntPipe) id: number): Promise<DrawRecord> {
    return this.sampling.drawRecord(id);
  }
}
