import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import type { FormReliability } from '../form-reliability.entity';
import type { ItemStatistic } from '../item-statistic.entity';

export class RunItemAnalysisDto {
  @ApiPropertyOptional({ description: '只分析该场次（默认整个批次）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  sittingId?: number;
}

export class ItemAnalysisQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) sittingId?: number;
  @ApiPropertyOptional({ description: '只列出被标记的题目' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  flaggedOnly?: boolean;
}

export class ReviewItemDto {
  @ApiProperty({ example: '已核对原文，题干表述有歧义，已提交修订' })
  @IsString()
  @MinLength(2, { message: 'note：请填写复核说明' })
  @MaxLength(2000)
  note!: string;
}

export class ItemStatisticDto {
  @ApiProperty() id!: number;
  @ApiProperty() campaignId!: number;
  @ApiProperty({ example: 'campaign' }) scope!: string;
  @ApiProperty() itemId!: number;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
  @ApiProperty() versionId!: number;
  @ApiProperty() questionType!: string;
  @ApiProperty() sourceKey!: string;
  @ApiProperty() n!: number;
  @ApiProperty({ example: 0.6234, description: '难度（通过率）p' }) facility!: number;
  @ApiProperty({ nullable: true, type: Number, description: '高低分组（27%）区分度' }) discriminationUl!:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: '点二列相关' }) pointBiserial!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: '题库选项字母 → 人数',
  })
  options!: Record<string, number>;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ enum: ['none', 'open', 'reviewed'] }) reviewStatus!: string;
  @ApiProperty({ nullable: true, type: String }) reviewNote!: string | null;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt!: Date | null;
  @ApiProperty() computedAt!: Date;
}

const r4 = (x: number | null): number | null => (x === null ? null : x / 10000);

export function toItemStatisticDto(s: ItemStatistic & { code?: string | null }): ItemStatisticDto {
  return {
    id: s.id,
    campaignId: s.campaignId,
    scope: s.scope,
    itemId: s.itemId,
    code: s.code ?? null,
    versionId: s.versionId,
    questionType: s.questionType,
    sourceKey: s.sourceKey,
    n: s.n,
    facility: s.facility / 10000,
    discriminationUl: r4(s.discriminationUl),
    pointBiserial: r4(s.pointBiserial),
    options: s.options,
    flags: s.flags,
    reviewStatus: s.reviewStatus,
    reviewNote: s.reviewNote,
    reviewedAt: s.reviewedAt,
    computedAt: s.computedAt,
  };
}

export class FormReliabilityDto {
  @ApiProperty() discipline!: string;
  @ApiProperty() candidates!: number;
  @ApiProperty() itemsPerPaper!: number;
  @ApiProperty({ nullable: true, type: Number }) kr20!: number | null;
  @ApiProperty() method!: string;
}

export function toFormReliabilityDto(r: FormReliability): FormReliabilityDto {
  return {
    discipline: r.discipline,
    candidates: r.candidates,
    itemsPerPaper: r.itemsPerPaper,
    kr20: r4(r.kr20),
    method: r.method,
  };
}

export class ItemAnalysisDto {
  @ApiProperty({ type: [ItemStatisticDto] }) items!: ItemStatisticDto[];
  @ApiProperty({ type: [FormReliabilityDto] }) reliability!: FormReliabilityDto[];
}

export class ItemAnalysisRunDto {
  @ApiProperty() scope!: string;
  @ApiProperty() candidates!: number;
  @ApiProperty() items!: number;
  @ApiProperty() flagged!: number;
  @ApiProperty({ type: [FormReliabilityDto] }) reliability!: FormReliabilityDto[];
}
