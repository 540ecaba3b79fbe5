import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsBase64Content } from '../../common/base64';

export class ImportYamlDto {
  @ApiProperty({ description: '题库文件（YAML，格式见 question-bank/README.md）的全文' })
  @IsString()
  @Length(1, 10_000_000)
  content!: string;

  @ApiPropertyOptional({ example: 'upload.yaml', description: '文件名，用于错误信息和审计' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fileName?: string;

  @ApiPropertyOptional({ description: '只检查并统计，不写入' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportExcelDto {
  @ApiProperty({ description: 'Excel（.xlsx，按下载的模板填写）的 Base64 编码' })
  @IsBase64Content()
  @MaxLength(14_000_000)
  contentBase64!: string;

  @ApiPropertyOptional({ example: '题库导入.xlsx' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fileName?: string;

  @ApiPropertyOptional({ description: '只检查并统计，不写入' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportResultDto {
  @ApiProperty({ description: '新增题目数' }) added!: number;
  @ApiProperty({ description: '生成新版本的题目数' }) changed!: number;
  @ApiProperty({ description: '状态变化的题目数' }) statusChanged!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: '曾从题库文件导入、现已不在文件中的题目数（不删除）' }) missing!: number;
  @ApiProperty({ type: [String] }) missingCodes!: string[];
  @ApiProperty({ description: '标为“已批准”、因须两位评审专家批准而作为草稿导入、进入评审队列的题目数' })
  approvalsDeferred!: number;
  @ApiProperty() sourcesAdded!: number;
  @ApiProperty() sourcesUpdated!: number;
  @ApiProperty() dryRun!: boolean;
}
