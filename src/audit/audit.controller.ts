import { Controller, Get, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'beforeSeq', required: false })
  list(
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
    @Query('beforeSeq', new ParseIntPipe({ optional: true })) beforeSeq?: number,
  ) {
    return this.audit.list(Math.min(limit ?? 100, 500), beforeSeq);
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
