import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { IdentityCheckDto } from './dto/identity-check.dto';
import { IdentityCheckService } from './identity-check.service';

/** The proctor's identity check of one candidate (核验身份). */
@ApiTags('proctoring')
@ApiBearerAuth()
@Roles('admin', 'proctor')
@Controller('api/sittings/:sittingId/candidates/:candidateId/identity')
export class IdentityCheckController {
  constructor(private readonly identity: IdentityCheckService) {}

  @Get()
  @ApiOperation({
    summary: '核验身份：考生的完整身份证号码（及名册照片，如有）；仅本场监考员与管理员，每次查看记入审计日志',
  })
  @ApiOkResponse({ type: IdentityCheckDto })
  view(
    @CurrentActor() actor: Actor,
    @Param('sittingId', ParseIntPipe) sittingId: number,
    @Param('candidateId', ParseIntPipe) candidateId: number,
  ): Promise<IdentityCheckDto> {
    return this.identity.view(actor, sittingId, candidateId);
  }
}
