import { Body, Controller, Get, HttpCode, Ip, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '../common/decorators';
import { RateLimited } from '../common/rate-limit';
import {
  FileObjectionDto,
  ListPublicCandidatesQueryDto,
  LookupDto,
  LookupResultDto,
  ObjectionReceiptDto,
  ObjectionReceiptQueryDto,
  ObjectionStatusDto,
  PublicCandidatePageDto,
  PublicResultsDto,
  PublishedCampaignDto,
  toLookupResultDto,
  toPublicCandidateRow,
  toPublicResultsDto,
  toPublishedCampaignDto,
} from './dto/public-results.dto';
import { LOOKUP_NOT_FOUND, LookupService } from './lookup.service';
import { ObjectionsService } from './objections.service';
import { PublicResultsService } from './public-results.service';

/** Public results (公示): no sign-in; masked names only, never ID numbers, phones or papers. */
@ApiTags('public results')
@Public()
@Controller('api/public/results')
export class PublicResultsController {
  constructor(
    private readonly results: PublicResultsService,
    private readonly lookups: LookupService,
    private readonly objections: ObjectionsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [PublishedCampaignDto], description: '已公示的批次（首页）' })
  async campaigns(): Promise<PublishedCampaignDto[]> {
    return (await this.results.campaigns()).map((c) =>
      toPublishedCampaignDto(c.publication, c.state, c.lastPublishedAt),
    );
  }

  @Get(':campaignId')
  @ApiOkResponse({ type: PublicResultsDto })
  async summary(@Param('campaignId', ParseIntPipe) campaignId: number): Promise<PublicResultsDto> {
    return toPublicResultsDto(await this.results.summary(campaignId));
  }

  @Get(':campaignId/candidates')
  @ApiOkResponse({ type: PublicCandidatePageDto })
  async candidates(
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ListPublicCandidatesQueryDto,
  ): Promise<PublicCandidatePageDto> {
    const page = await this.results.candidates(campaignId, q);
    return { ...page, rows: page.rows.map(toPublicCandidateRow) };
  }

  @Post(':campaignId/lookup')
  @HttpCode(200)
  @RateLimited('lookup')
  @ApiOkResponse({ type: LookupResultDto })
  @ApiNotFoundResponse({ description: LOOKUP_NOT_FOUND })
  @ApiTooManyRequestsResponse({ description: '同一 IP、同一姓名或同一证件号码查询过于频繁' })
  async lookup(
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: LookupDto,
    @Ip() ip: string,
  ): Promise<LookupResultDto> {
    return toLookupResultDto(await this.lookups.lookup(campaignId, dto, ip));
  }

  @Post(':campaignId/objections')
  @RateLimited('lookup')
  @ApiOkResponse({ type: ObjectionReceiptDto })
  async object(
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: FileObjectionDto,
    @Ip() ip: string,
  ): Promise<ObjectionReceiptDto> {
    const o = await this.objections.file(campaignId, dto, ip);
    return {
      id: o.id,
      receiptCode: o.receiptCode!,
      receivedAt: o.createdAt,
      message: `异议已受理（编号 ${o.id}，受理码 ${o.receiptCode}）。我们将通过您留下的联系方式答复，您也可以凭受理码在本页查询答复。`,
    };
  }

  /** The filer reads their objection's state and answer with the receipt code (POST: the code stays out of URLs). */
  @Post(':campaignId/objections/status')
  @HttpCode(200)
  @RateLimited('lookup')
  @ApiOkResponse({ type: ObjectionStatusDto })
  @ApiNotFoundResponse({ description: '受理码有误' })
  async objectionStatus(
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: ObjectionReceiptQueryDto,
  ): Promise<ObjectionStatusDto> {
    const o = await this.objections.byReceipt(campaignId, dto.receiptCode);
    const outcomeNames: Record<string, string> = {
      upheld: '异议成立',
      rejected: '异议不成立',
      other: '其他',
    };
    return {
      id: o.id,
      receivedAt: o.createdAt,
      target: o.target,
      status: o.status,
      statusName: o.status === 'answered' ? '已答复' : '处理中',
      outcome: o.outcome,
      outcomeName: o.outcome ? (outcomeNames[o.outcome] ?? o.outcome) : null,
      answer: o.answer,
      answeredAt: o.answeredAt,
    };
  }
}
