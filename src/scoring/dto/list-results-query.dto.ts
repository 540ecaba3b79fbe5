import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { RESULT_OUTCOMES, type ResultOutcome } from '../result-lists';

/** The staff results list's search and filters (also the Excel export's). */
export class ListResultsQueryDto {
  @ApiPropertyOptional({ description: '姓名、准考证号、机构名称或统一社会信用代码的一部分' })
  @IsOptional()
  @IsString({ message: '关键词须为文字' })
  @MaxLength(64, { message: '关键词最多 64 个字符' })
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '机构须为整数编号' })
  @Min(1, { message: '机构须为整数编号' })
  agencyId?: number;

  @ApiPropertyOptional({ example: 'hazardous-chemicals' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: '专业代码的格式不正确' })
  discipline?: string;

  @ApiPropertyOptional({ enum: RESULT_OUTCOMES })
  @IsOptional()
  @IsIn(RESULT_OUTCOMES, {
    message: '结论须为：合格、不合格、低于及格线、作废、缺考、未结束、未安排场次或专家库候选之一',
  })
  outcome?: ResultOutcome;
}
