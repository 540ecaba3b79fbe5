import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { ExamAddressResponseDto, UpdateExamAddressDto } from './dto/exam-address.dto';
import { ExamAddressService } from './exam-address.service';

/** 系统设置: the exam address. Proctors read it (their console shows it); administrators change it. */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings')
export class ExamSettingsController {
  constructor(private readonly examAddress: ExamAddressService) {}

  @Get('exam-address')
  @Roles('admin', 'proctor')
  @ApiOkResponse({ type: ExamAddressResponseDto })
  get(@CurrentActor() actor: Actor, @Req() req: AddressedRequest): Promise<ExamAddressResponseDto> {
    return this.examAddress.current(actor, browserAddress(req));
  }

  @Put('exam-address')
  @Roles('admin')
  @ApiOkResponse({ type: ExamAddressResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateExamAddressDto,
    @Req() req: AddressedRequest,
  ): Promise<ExamAddressResponseDto> {
    return this.examAddress.update(actor, dto, browserAddress(req));
  }
}

/** What Fastify knows of the address the caller used (scheme and host, proxies believed per TRUST_PROXY). */
interface AddressedRequest {
  protocol?: string;
  host?: string;
  hostname?: string;
  headers: Record<string, string | string[] | undefined>;
}

function browserAddress(req: AddressedRequest): { protocol: string; host: string } {
  const host = req.host ?? (typeof req.headers.host === 'string' ? req.headers.host : (req.hostname ?? ''));
  return { protocol: req.protocol || 'http', host };
}
