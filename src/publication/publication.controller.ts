import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import {
  AnswerObjectionDto,
  ListObjectionsQueryDto,
  LookupLogDto,
  NoticePeriodDto,
  NoticePreviewQueryDto,
  ObjectionDto,
  PublicationStateDto,
  PublishDto,
  RepublishDto,
  toObjectionDto,
  toPublicationStateDto,
  toYearCalendarDto,
  YearCalendarDto,
  YearCalendarResponseDto,
} from './dto/publication-admin.dto';
import { CalendarsService } from './calendars.service';
import { LookupService } from './lookup.service';
import { noticeState } from './notice';
import { ObjectionsService } from './objections.service';
import { PublicationService } from './publication.service';

@ApiTags('publication')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/publication')
export class PublicationController {
  constructor(
    private readonly publication: PublicationService,
    private readonly objections: ObjectionsService,
    private readonly calendars: CalendarsService,
    private readonly lookups: LookupService,
  ) {}

  @Get('campaigns/:campaignId')
  @ApiOkResponse({ type: PublicationStateDto })
  async state(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<PublicationStateDto> {
    const s = await this.publication.state(actor, campaignId);
    const state = noticeState({ end: s.publication.noticeEnd }, s.publication.finalisedAt, new Date());
    return toPublicationStateDto(s.publication, state, s.versions, s.objections);
  }

  @Post('campaigns/:campaignId/publish')
  @ApiOkResponse({ type: PublicationStateDto })
  async publish(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: PublishDto,
  ): Promise<PublicationStateDto> {
    await this.publication.publish(actor, campaignId, dto);
    return this.state(actor, campaignId);
  }

  @Post('campaigns/:campaignId/republish')
  @ApiOkResponse({ type: PublicationStateDto })
  async republish(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Body() dto: RepublishDto,
  ): Promise<PublicationStateDto> {
    await this.publication.republish(actor, campaignId, dto.changeNote);
    return this.state(actor, campaignId);
  }

  @Post('campaigns/:campaignId/finalise')
  @HttpCode(200)
  @ApiOkResponse({ type: PublicationStateDto })
  async finalise(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<PublicationStateDto> {
    await this.publication.finalise(actor, campaignId);
    return this.state(actor, campaignId);
  }

  @Get('campaigns/:campaignId/objections')
  @ApiOkResponse({ type: [ObjectionDto] })
  async listObjections(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
    @Query() q: ListObjectionsQueryDto,
  ): Promise<ObjectionDto[]> {
    return (await this.objections.list(actor, campaignId, q.status)).map(toObjectionDto);
  }

  @Post('objections/:id/answer')
  @HttpCode(200)
  @ApiOkResponse({ type: ObjectionDto })
  async answer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AnswerObjectionDto,
  ): Promise<ObjectionDto> {
    return toObjectionDto(await this.objections.answer(actor, id, dto));
  }

  @Get('campaigns/:campaignId/lookups')
  @ApiOkResponse({ type: LookupLogDto })
  async lookupLog(
    @CurrentActor() actor: Actor,
    @Param('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<LookupLogDto> {
    const l = await this.lookups.log(actor, campaignId);
    return {
      counts: l.counts,
      recent: l.recent.map((r) => ({
        createdAt: r.createdAt,
        kind: r.kind,
        outcome: r.outcome,
        ip: r.ip,
        identity: r.identityHash.slice(0, 16),
      })),
    };
  }

  @Get('calendars')
  @ApiOkResponse({ type: [YearCalendarResponseDto] })
  async calendarsList(@CurrentActor() actor: Actor): Promise<YearCalendarResponseDto[]> {
    return (await this.calendars.list(actor)).map(toYearCalendarDto);
  }

  @Put('calendars/:year')
  @ApiOkResponse({ type: YearCalendarResponseDto })
  async saveCalendar(
    @CurrentActor() actor: Actor,
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: YearCalendarDto,
  ): Promise<YearCalendarResponseDto> {
    return toYearCalendarDto(await this.calendars.save(actor, { year, ...dto }));
  }

  @Get('notice-preview')
  @ApiOkResponse({ type: NoticePeriodDto, description: '按该日期发布时的公示期' })
  async preview(@Query() q: NoticePreviewQueryDto): Promise<NoticePeriodDto> {
    return this.calendars.period(q.date, this.publication.noticeDays());
  }
}
