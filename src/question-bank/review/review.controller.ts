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
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/actor';
import { CurrentActor, Roles } from '../../common/decorators';
import {
  DecideResultDto,
  DecisionResponseDto,
  EnqueueItemDto,
  ImportDecisionsDto,
  ImportDecisionsResultDto,
  MarkSourceDto,
  QueueResponseDto,
  ReviewDecisionDto,
  ReviewItemDto,
  ReviewQueueQueryDto,
  ReviewSettingsDto,
  SourceTextDto,
} from './dto/review.dto';
import { ReviewTransferService } from './review-transfer.service';
import { ReviewService } from './review.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The review queue: reviewers (评审专家) and administrators; administrators' own acts are checked in the service. */
@ApiTags('question-bank review')
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@Controller('api/question-bank/review')
export class ReviewController {
  constructor(
    private readonly review: ReviewService,
    private readonly transfer: ReviewTransferService,
  ) {}

  @Get('queue')
  queue(@CurrentActor() actor: Actor, @Query() query: ReviewQueueQueryDto): Promise<QueueResponseDto> {
    return this.review.queue(actor, query);
  }

  @Get('items/:id')
  item(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<ReviewItemDto> {
    return this.review.item(actor, id);
  }

  @Get('items/:id/decisions')
  decisions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<DecisionResponseDto[]> {
    return this.review.decisions(actor, id);
  }

  @Post('items/:id/decisions')
  @HttpCode(200)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ReviewDecisionDto,
  ): Promise<DecideResultDto> {
    return this.review.decide(actor, id, dto);
  }

  @Post('items/:id/enqueue')
  @HttpCode(200)
  enqueue(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: EnqueueItemDto,
  ): Promise<{ id: number; code: string; reason: string }> {
    return this.review.enqueue(actor, id, dto);
  }

  @Get('settings')
  settings(@CurrentActor() actor: Actor): Promise<{ reviewersRequired: number }> {
    return this.review.settings(actor);
  }

  @Put('settings')
  updateSettings(
    @CurrentActor() actor: Actor,
    @Body() dto: ReviewSettingsDto,
  ): Promise<{ reviewersRequired: number }> {
    return this.review.updateSettings(actor, dto.reviewersRequired);
  }

  @Post('sources/:key/currency')
  @HttpCode(200)
  markSource(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
    @Body() dto: MarkSourceDto,
  ): Promise<{ key: string; status: string; queued: number }> {
    return this.review.markSource(actor, key, dto);
  }

  @Get('sources/:key/text')
  sourceText(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
  ): Promise<{ text: string; fileName: string | null; at: string } | null> {
    return this.review.sourceText(actor, key);
  }

  @Put('sources/:key/text')
  putSourceText(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
    @Body() dto: SourceTextDto,
  ): Promise<{ id: number; chars: number; articles: number; queued: number; unchanged: boolean }> {
    return this.review.putSourceText(actor, key, dto);
  }

  @Get('export.xlsx')
  @ApiProduces(XLSX)
  @Header('Content-Type', XLSX)
  @Header(
    'Content-Disposition',
    `attachment; filename="review-queue.xlsx"; filename*=UTF-8''${encodeURIComponent('评审表.xlsx')}`,
  )
  async exportQueue(
    @CurrentActor() actor: Actor,
    @Query() query: ReviewQueueQueryDto,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.transfer.exportQueue(actor, query));
  }

  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({ description: '任何一行有误则整体拒绝（422，列出每个行号和原因），不写入' })
  importDecisions(
    @CurrentActor() actor: Actor,
    @Body() dto: ImportDecisionsDto,
  ): Promise<ImportDecisionsResultDto> {
    return this.transfer.importDecisions(actor, dto.contentBase64, dto.fileName);
  }
}
