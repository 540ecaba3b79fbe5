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
  @ApiQuery({ name: 'beforeId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
    @Query('beforeId', new ParseIntPipe({ optional: true })) beforeId?: number,
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
  ): Promise<LiveEvent[]> {
    await this.sittings.sittingFor(actor, sittingId);
    const rows = await this.events.listForSitting(
      sittingId,
      Math.min(Math.max(limit ?? 100, 1), 1000),
      beforeId,
    );
    return rows.map(toLiveEvent);
  }
}
