import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import type { GradeRunResult } from '../grade-rows';

export class GradeCampaignDto {
  @ApiPropertyOptional({ description: '只评该场次的答卷' })
  @IsOptional()
  @IsInt()
  @Min(1)
  sittingId?: number;

  @ApiPropertyOptional({ description: '重新评定已评分的答卷（默认只评未评分的）', default: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class GradeRunResponseDto {
  @ApiProperty({ description: '涉及的答卷数' }) considered!: number;
  @ApiProperty({ description: '首次评分' }) graded!: number;
  @ApiProperty({ description: '成绩有变化' }) changed!: number;
  @ApiProperty({ description: '成绩无变化' }) unchanged!: number;
  @ApiProperty({ description: '未结束、无试卷或成绩已确定而跳过' }) skipped!: number;
}

export function toGradeRunResponse(r: GradeRunResult): GradeRunResponseDto {
  return {
    considered: r.considered,
    graded: r.graded,
    changed: r.changed,
    unchanged: r.unchanged,
    skipped: r.skipped,
  };
}
