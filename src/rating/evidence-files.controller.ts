import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { AttachEvidenceDto } from './dto/evidence.dto';
import { EvidenceFilesService, EvidenceFileView } from './evidence-files.service';

/** Evidence files of the rating's deductions: the agency's inspectors and administrators only. */
@ApiTags('rating')
@ApiBearerAuth()
@Roles('admin', 'inspector')
@Controller('api/rating')
export class EvidenceFilesController {
  constructor(private readonly files: EvidenceFilesService) {}

  @Post('deductions/:id/evidence')
  attach(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AttachEvidenceDto,
  ): Promise<EvidenceFileView> {
    return this.files.attach(actor, id, dto);
  }

  @Get('agencies/:id/evidence')
  list(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<EvidenceFileView[]> {
    return this.files.list(actor, id);
  }

  @Get('evidence/:fileId')
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  async read(
    @CurrentActor() actor: Actor,
    @Param('fileId', ParseIntPipe) fileId: number,
  ): Promise<StreamableFile> {
    const { file, bytes } = await this.files.read(actor, fileId);
    const ext = file.mime === 'application/pdf' ? 'pdf' : file.mime === 'image/png' ? 'png' : 'jpg';
    return new StreamableFile(bytes, {
      type: file.mime,
      length: bytes.length,
      disposition: `attachment; filename="evidence-${file.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Delete('evidence/:fileId')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('fileId', ParseIntPipe) fileId: number): Promise<void> {
    await this.files.remove(actor, fileId);
  }
}
