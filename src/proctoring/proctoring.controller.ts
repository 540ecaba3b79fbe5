import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { SittingsService } from '../sessions/sittings.service';
import { AdmitAllDto, ProctorActionDto } from './dto/proctor-action.dto';
import type { LiveCandidateRow, LiveEvent, LiveSnapshot } from './live-row';
import { LiveViewService, toLiveEvent } from './live-view.service';
import { ProctorActionsService } from './proctor-actions.service';
import { ProctoringEventsService } from './proctoring-events.service';

/** The largest page of the events list (each event's details are at most 2 KB). */
const EVENTS_PAGE_MAX = 200;

/** The proctor's HTTP API: the same live view and actions as the socket (namespace /proctor). */
@ApiTags('proctoring')
@ApiBearerAuth()
@Roles('admin', 'proctor')
@Controller('api/sittings/:sittingId')
export class ProctoringController {
  constructor(
    private readonly live: LiveViewService,
    private readonly actions: ProctorActionsService,
    private readonly events: ProctoringEventsService,
    private readonly sittings: SittingsService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: '监考实时视图（快照）' })
  snapshot(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
  ): Promise<LiveSnapshot> {
    return this.live.snapshot(actor, sittingId);
  }

  @Post('candidates/:candidateId/actions')
  @HttpCode(200)
  @ApiOperation({ summary: '监考操作：准许入场、警告、延时、强制收卷、作废、重新准入（须填理由）' })
  act(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
    @Param('candidateId', ParseIntPipe) candidateId: number,
    @Body() dto: ProctorActionDto,
  ): Promise<LiveCandidateRow> {
    return this.actions.act(actor, sittingId, candidateId, dto);
  }

  @Post('admit-all')
  @HttpCode(200)
  admitAll(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
    @Body() dto: AdmitAllDto,
  ): Promise<{ admitted: number }> {
    return this.actions.admitAll(actor, sittingId, dto);
  }

  @Get('events')
  @ApiOperation({
    summary: `监考事件（新的在前，每页最多 ${EVENTS_PAGE_MAX} 条）；下一页以本页最后一条的 id 作为 beforeId`,
  })
  @ApiQuery({ name: 'beforeId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'candidateId', required: false, description: 'Only this sitting candidate' })
  async list(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
    @Query('beforeId', new ParseIntPipe({ optional: true })) beforeId?: number,
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
    @Query('candidateId', new ParseIntPipe({ optional: true })) candidateId?: number,
  ): Promise<LiveEvent[]> {
    await this.sittings.sittingFor(actor, sittingId);
    const rows = await this.events.listForSitting(
      sittingId,
      Math.min(Math.max(limit ?? 100, 1), EVENTS_PAGE_MAX),
      beforeId,
      candidateId,
    );
    return rows.map(toLiveEvent);
  }

  @Get('events/dropped')
  @ApiOperation({ summary: '因上报过于频繁而未记录的考生端事件数（按考生）' })
  async dropped(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
  ): Promise<Array<{ sittingCandidateId: number; dropped: number }>> {
    await this.sittings.sittingFor(actor, sittingId);
    return this.events.droppedInSitting(sittingId);
  }
}
