import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsBase64Content } from '../../common/base64';
import { ImportResultDto } from '../dto/import.dto';

/** 文本/Word 导入: pasted text, or a .docx/.txt file (one of the two). */
export class ImportTextDto {
  @ApiPropertyOptional({ description: '粘贴的题目文本（格式见 README “文本/Word 导入”）' })
  @IsOptional()
  @IsString()
  @Length(1, 2_000_000)
  content?: string;

  @ApiPropertyOptional({ description: '.docx 或 .txt 文件的 Base64 编码' })
  @IsOptional()
  @IsBase64Content()
  @MaxLength(14_000_000)
  contentBase64?: string;

  @ApiPropertyOptional({
    example: '安全生产法题库.docx',
    description: '文件名，用于判断格式、错误信息和审计',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fileName?: string;

  @ApiPropertyOptional({ description: '只检查并统计，不写入' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportedTextItemDto {
  @ApiProperty({ description: '题库中的题目编号（新生成）' }) code!: string;
  @ApiProperty({ description: '文本中的第几题' }) number!: number;
  @ApiProperty({ description: '该题在文本中的起始行号' }) line!: number;
  @ApiProperty({ enum: ['judge', 'single', 'multiple'] }) type!: string;
  @ApiProperty() stem!: string;
}

export class ImportTextResultDto extends ImportResultDto {
  @ApiProperty({ type: [ImportedTextItemDto], description: '作为草稿导入、进入评审队列的题目' })
  items!: ImportedTextItemDto[];
}
