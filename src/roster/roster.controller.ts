import {
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
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import {
  AgencyCountsDto,
  AgencyListResponseDto,
  AgencyResponseDto,
  CreateAgencyDto,
  ListAgenciesQueryDto,
  UpdateAgencyDto,
} from './dto/agency.dto';
import {
  ConflictDto,
  ImportProgressDto,
  ImportResultDto,
  ImportRosterDto,
  ResolveConflictDto,
} from './dto/roster-import.dto';
import {
  CreateTechnicianDto,
  ListTechniciansQueryDto,
  TechnicianListResponseDto,
  TechnicianResponseDto,
  UpdateTechnicianDto,
} from './dto/technician.dto';
import { AgenciesService } from './agencies.service';
import { RosterImportService } from './roster-import.service';
import { TechniciansService } from './technicians.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** RFC 6266/5987: an ASCII fallback name and the Chinese name in UTF-8. */
const attachment = (ascii: string, name: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

@ApiTags('roster')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/roster')
export class RosterController {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly technicians: TechniciansService,
    private readonly roster: RosterImportService,
  ) {}

  @Get('counties')
  @ApiOkResponse({ type: [String] })
  counties(): string[] {
    return this.agencies.counties();
  }

  @Get('template')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('roster-template.xlsx', '技术人员名册模板.xlsx'))
  template(@CurrentActor() actor: Actor): Promise<Buffer> {
    return this.roster.template(actor);
  }

  @Get('export')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('roster.xlsx', '技术人员名册.xlsx'))
  export(@CurrentActor() actor: Actor): Promise<Buffer> {
    return this.roster.exportWorkbook(actor);
  }

  @Post('import')
  @HttpCode(200)
  import(@CurrentActor() actor: Actor, @Body() dto: ImportRosterDto): Promise<ImportResultDto> {
    return this.roster.importWorkbook(actor, dto);
  }

  @Get('import/progress/:importId')
  @ApiOkResponse({ type: ImportProgressDto, description: '本节点上正在进行或刚结束的导入；未知时 404' })
  importProgress(@CurrentActor() actor: Actor, @Param('importId') importId: string): ImportProgressDto {
    return this.roster.importProgress(actor, importId);
  }

  @Get('conflicts')
  @ApiOkResponse({ type: [ConflictDto] })
  conflicts(@CurrentActor() actor: Actor): Promise<ConflictDto[]> {
    return this.technicians.listConflicts(actor);
  }

  @Post('conflicts/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: [ConflictDto], description: '处理后仍存在的冲突' })
  resolve(@CurrentActor() actor: Actor, @Body() dto: ResolveConflictDto): Promise<ConflictDto[]> {
    return this.technicians.resolveConflict(actor, dto);
  }
}

@ApiTags('roster')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListAgenciesQueryDto): Promise<AgencyListResponseDto> {
    return this.agencies.listAgencies(actor, query);
  }

  @Get('counts')
  @ApiQuery({ name: 'agencyId', required: false })
  @ApiOkResponse({ type: [AgencyCountsDto] })
  counts(
    @CurrentActor() actor: Actor,
    @Query('agencyId', new ParseIntPipe({ optional: true })) agencyId?: number,
  ): Promise<AgencyCountsDto[]> {
    return this.agencies.agencyCounts(actor, agencyId);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<AgencyResponseDto> {
    return this.agencies.getAgency(actor, id);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAgencyDto): Promise<AgencyResponseDto> {
    return this.agencies.createAgency(actor, dto);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateAgencyDto,
  ): Promise<AgencyResponseDto> {
    return this.agencies.updateAgency(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.agencies.deleteAgency(actor, id);
  }
}

@ApiTags('roster')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/technicians')
export class TechniciansController {
  constructor(private readonly technicians: TechniciansService) {}

  @Get()
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListTechniciansQueryDto,
  ): Promise<TechnicianListResponseDto> {
    return this.technicians.listTechnicians(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<TechnicianResponseDto> {
    return this.technicians.getTechnician(actor, id);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTechnicianDto): Promise<TechnicianResponseDto> {
    return this.technicians.createTechnician(actor, dto);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateTechnicianDto,
  ): Promise<TechnicianResponseDto> {
    return this.technicians.updateTechnician(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.technicians.deleteTechnician(actor, id);
  }
}
