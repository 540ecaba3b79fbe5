import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { ImportExcelDto, ImportResultDto, ImportYamlDto } from './dto/import.dto';
import { ApproveItemDto, CreateItemDto, RetireItemDto, UpdateItemDto } from './dto/item.dto';
import {
  ItemDetailDto,
  ItemListResponseDto,
  ReviewResponseDto,
  SourceResponseDto,
  StatsResponseDto,
} from './dto/item-response.dto';
import { ItemFilterDto, ListItemsQueryDto } from './dto/list-items-query.dto';
import { QuestionBankTransferService } from './question-bank-transfer.service';
import { QuestionBankService } from './question-bank.service';
import { ReviewService } from './review/review.service';
import { ImportTextDto, ImportTextResultDto } from './text-import/import-text.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** "attachment" with an ASCII fallback name and the Chinese name per RFC 6266/5987. */
const attachment = (ascii: string, name: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/question-bank')
export class QuestionBankController {
  constructor(
    private readonly bank: QuestionBankService,
    private readonly transfer: QuestionBankTransferService,
    private readonly review: ReviewService,
  ) {}

  @Get('items')
  @ApiOkResponse({ type: ItemListResponseDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListItemsQueryDto): Promise<ItemListResponseDto> {
    return this.bank.list(actor, query);
  }

  @Get('items/:id')
  @ApiOkResponse({ type: ItemDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<ItemDetailDto> {
    return this.bank.get(actor, id);
  }

  @Post('items')
  @ApiOkResponse({ type: ItemDetailDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateItemDto): Promise<ItemDetailDto> {
    return this.bank.create(actor, dto);
  }

  @Patch('items/:id')
  @ApiOkResponse({
    type: ItemDetailDto,
    description: '内容有变化时生成新版本；已批准的题目改为草稿待重新审核',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateItemDto,
  ): Promise<ItemDetailDto> {
    return this.bank.update(actor, id, dto);
  }

  @Post('items/:id/approve')
  @HttpCode(200)
  @ApiOkResponse({
    type: ReviewResponseDto,
    description: '记为管理员的一次评审批准；达到所需评审人数（默认两位不同的评审人）后题目才改为已批准',
  })
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ApproveItemDto,
  ): Promise<ReviewResponseDto> {
    return this.review.approveAsAdmin(actor, id, dto);
  }

  @Post('items/:id/retire')
  @HttpCode(200)
  @ApiOkResponse({ type: ReviewResponseDto })
  retire(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: RetireItemDto,
  ): Promise<ReviewResponseDto> {
    return this.bank.retire(actor, id, dto);
  }

  @Get('stats')
  @ApiOkResponse({ type: StatsResponseDto })
  stats(@CurrentActor() actor: Actor): Promise<StatsResponseDto> {
    return this.bank.stats(actor);
  }

  @Get('sources')
  @ApiOkResponse({ type: [SourceResponseDto] })
  sources(@CurrentActor() actor: Actor): Promise<SourceResponseDto[]> {
    return this.bank.sources(actor);
  }

  @Post('import/yaml')
  @HttpCode(200)
  @ApiOkResponse({
    type: ImportResultDto,
    description: '任何一题有误则整体拒绝（422，列出每一处错误），不写入',
  })
  importYaml(@CurrentActor() actor: Actor, @Body() dto: ImportYamlDto): Promise<ImportResultDto> {
    return this.transfer.importYaml(actor, dto);
  }

  @Post('import/excel')
  @HttpCode(200)
  @ApiOkResponse({
    type: ImportResultDto,
    description: '任何一行有误则整体拒绝（422，列出每个行号和原因），不写入',
  })
  importExcel(@CurrentActor() actor: Actor, @Body() dto: ImportExcelDto): Promise<ImportResultDto> {
    return this.transfer.importExcel(actor, dto);
  }

  @Post('import/text')
  @HttpCode(200)
  @ApiOkResponse({
    type: ImportTextResultDto,
    description:
      '文本/Word（.docx、.txt）导入，题目作为草稿进入评审；任何一题有误则整体拒绝（422，列出行号和原因），不写入',
  })
  importText(@CurrentActor() actor: Actor, @Body() dto: ImportTextDto): Promise<ImportTextResultDto> {
    return this.transfer.importText(actor, dto);
  }

  @Get('template.xlsx')
  @ApiProduces(XLSX)
  @Header('Content-Type', XLSX)
  @Header('Content-Disposition', attachment('question-bank-template.xlsx', '题库导入模板.xlsx'))
  async template(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    return new StreamableFile(await this.transfer.template(actor));
  }

  @Get('export.xlsx')
  @ApiProduces(XLSX)
  @Header('Content-Type', XLSX)
  @Header('Content-Disposition', attachment('question-bank.xlsx', '题库导出.xlsx'))
  async exportExcel(@CurrentActor() actor: Actor, @Query() filter: ItemFilterDto): Promise<StreamableFile> {
    return new StreamableFile(await this.transfer.exportExcel(actor, filter));
  }

  @Get('export.yaml')
  @ApiProduces('application/yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @Header('Content-Disposition', attachment('question-bank.yaml', '题库导出.yaml'))
  exportYaml(@CurrentActor() actor: Actor, @Query() filter: ItemFilterDto): Promise<string> {
    return this.transfer.exportYaml(actor, filter);
  }
}
