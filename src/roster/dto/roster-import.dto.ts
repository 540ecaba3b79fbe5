import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min } from 'class-validator';
import { IsBase64Content } from '../../common/base64';

/** The spreadsheet travels base64-encoded in JSON (the server takes no multipart uploads). */
export class ImportRosterDto {
  @ApiProperty({ description: '.xlsx 文件内容（base64）' })
  @IsString()
  @IsBase64Content({ message: 'file 须为 base64 编码的 .xlsx 文件' })
  @MaxLength(14 * 1024 * 1024, { message: '文件过大（上限 10 MB）' })
  file!: string;

  @ApiPropertyOptional({ example: '技术人员名册.xlsx' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fileName?: string;

  @ApiPropertyOptional({
    description: '页面为本次导入取的编号（8–64 个字母、数字、-、_），用于查询导入进度',
    example: 'imp-3f9c2a7b1d',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'importId 须为 8–64 个字母、数字、- 或 _' })
  importId?: string;
}

/** Where a running import is (GET /api/roster/import/progress/:importId). */
export class ImportProgressDto {
  @ApiProperty() importId!: string;
  @ApiProperty({
    enum: ['queued', 'checking', 'reading', 'validating', 'writing', 'done', 'failed'],
    description: '排队、检查文件、读取工作表、逐行校验、写入数据库、完成、失败',
  })
  phase!: string;
  @ApiProperty({ nullable: true, type: Number, description: '“技术人员”表的数据行数（读取后可知）' })
  rows!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '已写入的行数' }) written!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '需写入的行数' }) toWrite!: number | null;
  @ApiProperty() startedAt!: string;
  @ApiProperty() elapsedMs!: number;
}

export class ImportErrorDto {
  @ApiProperty({ example: '技术人员' }) sheet!: string;
  @ApiProperty({ description: 'Excel 行号（表头为第 1 行）' }) row!: number;
  @ApiProperty({ example: '身份证号码' }) column!: string;
  @ApiProperty({ example: '身份证号码校验位错误' }) reason!: string;
}

export class ImportCountsDto {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: '文件中缺失而被设为离职的人数（仅技术人员）' }) deactivated!: number;
}

export class ConflictRecordDto {
  @ApiProperty() technicianId!: number;
  @ApiProperty() agencyId!: number;
  @ApiProperty() agencyCode!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() discipline!: string;
}

/** One person (ID number) active in two or more agencies at once. */
export class ConflictDto {
  @ApiProperty() idNumber!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [ConflictRecordDto] }) records!: ConflictRecordDto[];
}

export class ImportResultDto {
  @ApiProperty({ description: '文件的 SHA-256' }) fileSha256!: string;
  @ApiProperty() changed!: boolean;
  @ApiProperty() agencies!: ImportCountsDto;
  @ApiProperty() technicians!: ImportCountsDto;
  @ApiProperty({ type: [ConflictDto], description: '导入后存在的人员冲突（须处理后方可抽取）' })
  conflicts!: ConflictDto[];
}

export class ResolveConflictDto {
  @ApiProperty({ description: '保留为在职的记录；同一身份证号码的其他在职记录将设为离职' })
  @IsInt()
  @Min(1)
  technicianId!: number;

  @ApiProperty({ example: '经核实，该人员已与原单位解除劳动合同' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}
