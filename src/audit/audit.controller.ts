import { BadRequestException, Controller, Get, Header, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Public, Roles } from '../common/decorators';
import { ChainPoint, parseAnchor } from './audit-chain';
import { AuditSearchService } from './audit-search.service';
import { AuditService } from './audit.service';
import { XLSX } from './audit-workbook';
import {
  AuditActorOptionDto,
  AuditFilterDto,
  AuditPageDto,
  ListAuditQueryDto,
} from './dto/list-audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly search: AuditSearchService,
  ) {}

  /** The log as sentences with names, filtered and paged. */
  @Get('search')
  @ApiOkResponse({ type: AuditPageDto })
  page(@CurrentActor() actor: Actor, @Query() q: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.search.page(actor, q);
  }

  /** Who can be chosen in the actor filter. */
  @Get('actors')
  @ApiOkResponse({ type: [AuditActorOptionDto] })
  actors(@CurrentActor() actor: Actor): Promise<AuditActorOptionDto[]> {
    return this.search.actors(actor);
  }

  /** The filtered list as Excel (the export is audited). */
  @Get('export.xlsx')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header(
    'content-disposition',
    `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`,
  )
  export(@CurrentActor() actor: Actor, @Query() q: AuditFilterDto): Promise<Buffer> {
    return this.search.export(actor, q);
  }

  @Get()
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'beforeSeq', required: false })
  list(
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
    @Query('beforeSeq', new ParseIntPipe({ optional: true })) beforeSeq?: number,
  ) {
    return this.audit.list(Math.min(limit ?? 100, 500), beforeSeq);
  }

  /** The whole chain recomputed; `anchor` (repeatable, "<seq>:<hash>") are heads copied earlier. */
  @Get('verify')
  @ApiQuery({ name: 'anchor', required: false, isArray: true, type: String })
  verify(@Query('anchor') anchor?: string | string[]) {
    return this.audit.verify(anchorsOf(anchor));
  }
}

function anchorsOf(q: string | string[] | undefined): ChainPoint[] {
  try {
    return (q === undefined ? [] : Array.isArray(q) ? q : [q]).map(parseAnchor);
  } catch {
    throw new BadRequestException('留存的链头须为“序号:哈希”（哈希为 64 位十六进制）');
  }
}

/**
 * The head of the audit chain, for anyone: copies kept outside the database (published documents, the
 * operator's notes) later show that no newer row was removed and no row rewritten (npm run audit:verify --
 * --anchor <seq>:<hash>).
 */
@ApiTags('audit')
@Public()
@Controller('api/public/audit')
export class PublicAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('head')
  head() {
    return this.audit.head();
  }
}
