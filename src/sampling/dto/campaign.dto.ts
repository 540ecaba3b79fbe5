import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import type { Campaign, CampaignSettings, CampaignStatus } from '../campaign.entity';
import { DRAW_ALGORITHM, DRAW_ALGORITHMS, type DrawAlgorithm, entropyProblem, parseRatio } from '../draw';

/** 0.5 ≤ ratio ≤ 1 with at most 4 decimals; a JSON number is accepted and written as a decimal string. */
export function IsRatio(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRatio',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (v: unknown) => {
          try {
            return typeof v === 'string' && parseRatio(v) !== null;
          } catch {
            return false;
          }
        },
        defaultMessage: () => 'ratio 须为 0.5 至 1 之间的小数（最多 4 位小数）；抽考比例不得低于 50%',
      },
    });
}

/** Text the draw can hash and publish unchanged, with something in it (see entropyProblem). */
export function IsEntropy(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isEntropy',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && entropyProblem(v) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string' ? entropyProblem(args.value)! : 'entropy 须为文本',
      },
    });
}

/** "0.50" → "0.5", "1.0" → "1", 0.6 → "0.6". */
export const toRatioString = ({ value }: { value: unknown }): unknown => {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^\d+(\.\d+)?$/.test(s)) {
    return s;
  }
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
};

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export class CreateCampaignDto {
  @ApiProperty({ example: '2026年度分类等级评定' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 128)
  @Matches(NO_CONTROL, { message: 'name 不得含有控制字符' })
  name!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({ example: '0.5', default: '0.5', description: '抽考比例，不低于 0.5' })
  @IsOptional()
  @Transform(toRatioString)
  @IsRatio()
  ratio?: string;

  @ApiPropertyOptional({ default: false, description: '仅专职技术人员计入 N' })
  @IsOptional()
  @IsBoolean()
  fullTimeOnly?: boolean;

  @ApiPropertyOptional({
    enum: DRAW_ALGORITHMS,
    default: DRAW_ALGORITHM,
    description: '抽取算法（docs/draw.md）：v2 使每名技术人员被抽中的概率都严格介于 0 与 1 之间',
  })
  @IsOptional()
  @IsIn(DRAW_ALGORITHMS, { message: `algorithm 须为 ${DRAW_ALGORITHMS.join('、')} 之一` })
  algorithm?: DrawAlgorithm;
}

/** Only while the campaign is a draft (the settings are fixed once the roster is frozen). */
export class UpdateCampaignDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 128)
  @Matches(NO_CONTROL, { message: 'name 不得含有控制字符' })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '0.6' })
  @IsOptional()
  @Transform(toRatioString)
  @IsRatio()
  ratio?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  fullTimeOnly?: boolean;

  @ApiPropertyOptional({
    enum: DRAW_ALGORITHMS,
    default: DRAW_ALGORITHM,
    description: '抽取算法（docs/draw.md）：v2 使每名技术人员被抽中的概率都严格介于 0 与 1 之间',
  })
  @IsOptional()
  @IsIn(DRAW_ALGORITHMS, { message: `algorithm 须为 ${DRAW_ALGORITHMS.join('、')} 之一` })
  algorithm?: DrawAlgorithm;
}

export class FreezeCampaignDto {
  @ApiPropertyOptional({
    description: '存在人员冲突（同一人同时在两个机构在职）时强制继续的理由；不填则拒绝',
    example: '经核实两机构均已整改，本批次按现有名册执行',
  })
  @IsOptional()
  @IsString()
  @Length(5, 1000)
  conflictOverrideReason?: string;
}

export class DrawCampaignDto {
  @ApiProperty({
    description: '公开随机数：见证人现场摇出的数字，或指定的公开彩票开奖结果；原样记录',
    example: '见证人摇号 07 15 23 31 42（2026-03-02 09:30，公证员：张某）',
  })
  @IsString()
  @Length(1, 1000)
  @IsEntropy()
  entropy!: string;

  @ApiPropertyOptional({ description: '名册快照中存在人员冲突时强制抽取的理由' })
  @IsOptional()
  @IsString()
  @Length(5, 1000)
  conflictOverrideReason?: string;
}

export class CampaignSettingsDto {
  @ApiProperty() ratio!: string;
  @ApiProperty() fullTimeOnly!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) disciplines!: Array<{
    code: string;
    name: string;
  }>;
  @ApiProperty() algorithm!: string;
}

export class CampaignResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['draft', 'frozen', 'drawn'] }) status!: CampaignStatus;
  @ApiProperty() ratio!: string;
  @ApiProperty({ type: CampaignSettingsDto }) settings!: CampaignSettings;
  @ApiProperty({ nullable: true, type: String, description: '名册快照 SHA-256' }) rosterHash!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256(secret)' }) commitment!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '仅在抽取后公开' }) secret!: string | null;
  @ApiProperty({ nullable: true, type: String }) entropy!: string | null;
  @ApiProperty({ nullable: true, type: String }) seed!: string | null;
  @ApiProperty({ nullable: true, type: String }) conflictOverride!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '考试日期（YYYY-MM-DD）：据此判断题目依据的法规是否现行',
  })
  examDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) frozenAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) drawnAt!: string | null;
  @ApiProperty() createdAt!: string;
}

/** The secret is shown only once the draw has revealed it. */
export function toCampaignResponse(c: Campaign): CampaignResponseDto {
  return {
    id: c.id,
    name: c.name,
    year: c.year,
    status: c.status,
    ratio: c.settings.ratio,
    settings: c.settings,
    rosterHash: c.rosterHash,
    commitment: c.commitment,
    secret: c.status === 'drawn' ? c.secret : null,
    entropy: c.entropy,
    seed: c.seed,
    conflictOverride: c.conflictOverride,
    examDate: c.examDate ?? null,
    frozenAt: c.frozenAt?.toISOString() ?? null,
    drawnAt: c.drawnAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** One roster hash and commitment as published by one freeze. */
export class PublishedCommitmentDto {
  @ApiProperty({ description: '名册快照 SHA-256' }) rosterHash!: string;
  @ApiProperty({ description: 'SHA-256(密钥)' }) commitment!: string;
  @ApiProperty({ description: '公布时间（冻结时间）' }) publishedAt!: string;
}

/**
 * What freezing publishes (GET without sign-in): the roster hash and the commitment to the secret, and every
 * value ever published for the campaign (each freeze appends one), oldest first.
 */
export class PublicCampaignDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() year!: number;
  @ApiProperty() status!: CampaignStatus;
  @ApiProperty() ratio!: string;
  @ApiProperty() algorithm!: string;
  @ApiProperty({ description: '仅专职技术人员计入 N' }) fullTimeOnly!: boolean;
  @ApiProperty({ nullable: true, type: String }) rosterHash!: string | null;
  @ApiProperty({ nullable: true, type: String }) commitment!: string | null;
  @ApiProperty({ nullable: true, type: String }) frozenAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) drawnAt!: string | null;
  @ApiProperty() agencies!: number;
  @ApiProperty() technicians!: number;
  @ApiProperty({
    type: [PublishedCommitmentDto],
    description: '历次冻结公布的名册哈希与承诺值（按时间先后；重新冻结只追加，不替换）',
  })
  commitments!: PublishedCommitmentDto[];
}

export class FreezeResultDto {
  @ApiProperty() campaign!: CampaignResponseDto;
  @ApiProperty() agencies!: number;
  @ApiProperty() technicians!: number;
  @ApiProperty({ description: '被强制继续的冲突人数' }) conflictsOverridden!: number;
}
