import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of the audit log page (and of its Excel export). Dates are Beijing calendar days, inclusive. */
export class AuditFilterDto {
  @ApiPropertyOptional({
    description: '操作人：user:<id>、candidate:<id>、system 或 anonymous',
    example: 'user:1',
  })
  @IsOptional()
  @Matches(/^(user:\d+|candidate:\d+|system|anonymous)$/, { message: '操作人的格式不正确' })
  actor?: string;

  @ApiPropertyOptional({
    description: '操作类别：完整的代码（proctor.extend）或前缀（proctor.）',
    example: 'proctor.',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9.-]{0,63}$/, { message: '操作类别的格式不正确' })
  action?: string;

  @ApiPropertyOptional({ description: '起始日期（北京时间，含当日）', example: '2026-12-01' })
  @IsOptional()
  @Matches(DATE, { message: '起始日期格式应为 YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: '截止日期（北京时间，含当日）', example: '2026-12-08' })
  @IsOptional()
  @Matches(DATE, { message: '截止日期格式应为 YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: '关键词：姓名、准考证号、用户名、对象、详情中的文字' })
  @IsOptional()
  @IsString({ message: '关键词须为文字' })
  @MaxLength(64, { message: '关键词最多 64 个字符' })
  q?: string;
}

export class ListAuditQueryDto extends AuditFilterDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '页码须为整数' })
  @Min(1, { message: '页码不能小于 1' })
  page?: number;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每页条数须为整数' })
  @Min(1, { message: '每页条数不能小于 1' })
  @Max(500, { message: '每页条数不能大于 500' })
  pageSize?: number;
}

/** One row as the page shows it: the sentence first, the stored fields behind 详情. */
export class AuditSentenceDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ description: 'UTC, ISO 8601' }) at!: string;
  @ApiProperty({ example: '2026-12-08 09:15:42', description: '北京时间（UTC+8）' }) atBeijing!: string;
  @ApiProperty({ example: 'user:3' }) actor!: string;
  @ApiProperty({ example: '管理员 张三' }) actorName!: string;
  @ApiProperty({ example: 'proctor.extend' }) action!: string;
  @ApiProperty() target!: string;
  @ApiProperty({ example: '考生 李四（票号 …）' }) targetName!: string;
  @ApiProperty({ example: '为考生 李四（票号 …）延长考试 10 分钟，理由：…', description: '不含时间和操作人' })
  phrase!: string;
  @ApiProperty({ example: '2026-12-08 09:15 管理员 张三 为考生 李四（票号 …）延长考试 10 分钟，理由：…' })
  sentence!: string;
  @ApiProperty({ description: '详情的规范 JSON' }) details!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditSentenceDto] }) rows!: AuditSentenceDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class AuditActorOptionDto {
  @ApiProperty({ example: 'user:3' }) value!: string;
  @ApiProperty({ example: '管理员 张三（zhangsan）' }) label!: string;
}
