import {
  Req,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import {
  AccessCodeResponseDto,
  AssignCandidatesDto,
  AssignResultDto,
  CloseSittingResultDto,
  CreateSittingDto,
  SetProctorsDto,
  SittingReasonDto,
  SplitResultDto,
  SplitSittingsDto,
  SittingCandidateResponseDto,
  SittingResponseDto,
  UpdateSittingDto,
} from './dto/sitting.dto';
import { SittingsService } from './sittings.service';
import { SittingManagementService } from './sitting-management.service';
import { PrintoutQueryDto, SittingPrintoutDto } from './dto/sitting-printout.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('sittings')
@ApiBearerAuth()
@Roles('admin', 'proctor')
@Controller('api/sittings')
export class SittingsController {
  constructor(
    private readonly sittings: SittingsService,
    private readonly management: SittingManagementService,
  ) {}

  @Post()
  @ApiOkResponse({ type: SittingResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSittingDto): Promise<SittingResponseDto> {
    return this.sittings.create(actor, dto);
  }

  @Get()
  @ApiQuery({ name: 'campaignId', required: false })
  @ApiOkResponse({ type: [SittingResponseDto] })
  list(
    @CurrentActor() actor: Actor,
    @Query('campaignId', new ParseIntPipe({ optional: true })) campaignId?: number,
  ): Promise<SittingResponseDto[]> {
    return this.sittings.list(actor, campaignId);
  }

  @Post('split')
  @HttpCode(200)
  @ApiOkResponse({ type: SplitResultDto })
  split(@CurrentActor() actor: Actor, @Body() dto: SplitSittingsDto): Promise<SplitResultDto> {
    return this.management.split(actor, dto);
  }

  @Get('agency-notice.xlsx')
  @ApiQuery({ name: 'campaignId', required: true })
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header(
    'content-disposition',
    `attachment; filename="agency-notice.xlsx"; filename*=UTF-8''${encodeURIComponent('抽考安排_通知各机构.xlsx')}`,
  )
  agencyNotice(
    @CurrentActor() actor: Actor,
    @Query('campaignId', ParseIntPipe) campaignId: number,
  ): Promise<Buffer> {
    return this.management.agencyNotice(actor, campaignId);
  }

  @Post(':id/delete')
  @HttpCode(204)
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: SittingReasonDto,
  ): Promise<void> {
    return this.management.remove(actor, id, dto.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: CloseSittingResultDto })
  close(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: SittingReasonDto,
  ): Promise<CloseSittingResultDto> {
    return this.management.close(actor, id, dto.reason);
  }

  @Get(':id/printout')
  @ApiOkResponse({ type: SittingPrintoutDto })
  printout(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PrintoutQueryDto,
  ): Promise<SittingPrintoutDto> {
    return this.management.printout(actor, id, query.kind);
  }

  @Get(':id')
  @ApiOkResponse({ type: SittingResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<SittingResponseDto> {
    return this.sittings.get(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: SittingResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateSittingDto,
  ): Promise<SittingResponseDto> {
    return this.sittings.update(actor, id, dto);
  }

  @Put(':id/proctors')
  @ApiOkResponse({ type: SittingResponseDto })
  setProctors(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: SetProctorsDto,
  ): Promise<SittingResponseDto> {
    return this.sittings.setProctors(actor, id, dto);
  }

  @Post(':id/candidates')
  @ApiOkResponse({ type: AssignResultDto })
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AssignCandidatesDto,
  ): Promise<AssignResultDto> {
    return this.sittings.assign(actor, id, dto);
  }

  @Get(':id/candidates')
  @ApiOkResponse({ type: [SittingCandidateResponseDto] })
  candidates(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<SittingCandidateResponseDto[]> {
    return this.sittings.candidates(actor, id);
  }

  @Delete(':id/candidates/:candidateId')
  @HttpCode(204)
  removeCandidate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('candidateId', ParseIntPipe) candidateId: number,
  ): Promise<void> {
    return this.sittings.removeCandidate(actor, id, candidateId);
  }

  @Post(':id/papers')
  @HttpCode(200)
  preparePapers(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<{ prepared: number; missing: number }> {
    return this.sittings.preparePapers(actor, id);
  }

  @Get(':id/tickets')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  tickets(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Req() req: AddressedRequest,
  ): Promise<string> {
    return this.sittings.ticketsHtml(actor, id, undefined, browserAddress(req));
  }

  @Get(':id/candidates/:candidateId/ticket')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  ticket(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('candidateId', ParseIntPipe) candidateId: number,
    @Req() req: AddressedRequest,
  ): Promise<string> {
    return this.sittings.ticketsHtml(actor, id, candidateId, browserAddress(req));
  }

  @Post(':id/access-code/reveal')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessCodeResponseDto })
  revealAccessCode(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<AccessCodeResponseDto> {
    return this.sittings.revealAccessCode(actor, id);
  }
}

/** What Fastify knows of the address the caller used (scheme and host, proxies believed per TRUST_PROXY). */
interface AddressedRequest {
  protocol: string;
  host?: string;
  hostname: string;
  headers: Record<string, string | string[] | undefined>;
}

function browserAddress(req: AddressedRequest): { protocol: string; host: string } {
  const host = req.host ?? (typeof req.headers.host === 'string' ? req.headers.host : req.hostname);
  return { protocol: req.protocol || 'http', host };
}
