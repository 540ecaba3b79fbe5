import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { COMMON, DEFAULT_DISCIPLINES } from '../../config/disciplines';
import { AnswerValue, QUESTION_TYPES, QuestionType } from '../question-type';
import { IsAnswerValue, IsOptionMap } from './validators';

export const DISCIPLINE_TAGS = [COMMON, ...DEFAULT_DISCIPLINES.map((d) => d.code)];

export const ANSWER_SCHEMA = {
  oneOf: [
    { type: 'boolean' },
    { type: 'string', example: 'B' },
    { type: 'array', items: { type: 'string' } },
  ],
  description: '判断题 true/false；单选题一个字母；多选题字母列表（至少两个）',
};

export class CreateItemDto {
  @ApiPropertyOptional({ example: 'adm-0001', description: '稳定编号；留空则自动生成（adm-NNNN）' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'code 须为小写字母、数字和连字符，如 adm-0001' })
  @Length(1, 64)
  code?: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  @ApiProperty({ example: '生产经营单位的主要负责人是本单位安全生产（　）。' })
  @IsString()
  @Length(1, 2000)
  stem!: string;

  @ApiPropertyOptional({ example: { A: '第一责任人', B: '直接责任人', C: '主要监督人', D: '分管负责人' } })
  @IsOptional()
  @IsOptionMap()
  options?: Record<string, string>;

  @ApiProperty(ANSWER_SCHEMA)
  @IsAnswerValue()
  answer!: AnswerValue;

  @ApiProperty({ example: '安全生产法', description: '来源简称（须已存在）' })
  @IsString()
  @Length(1, 128)
  sourceKey!: string;

  @ApiProperty({ example: '第五条' })
  @IsString()
  @Length(1, 128)
  article!: string;

  @ApiProperty({ description: '所引条款原文，逐字摘录' })
  @IsString()
  @Length(1, 4000)
  basis!: string;

  @ApiProperty({ example: ['common'], enum: DISCIPLINE_TAGS, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(DISCIPLINE_TAGS, { each: true })
  disciplines!: string[];

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  difficulty!: number;

  @ApiPropertyOptional({ description: '解析（仅审核人员可见，考生不可见）' })
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  explanation?: string;
}

/** Any content field; the result is a new version when anything changed. */
export class UpdateItemDto {
  @ApiPropertyOptional({ enum: QUESTION_TYPES })
  @IsOptional()
  @IsIn(QUESTION_TYPES)
  type?: QuestionType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  stem?: string;

  @ApiPropertyOptional({ description: '判断题传 {}' })
  @IsOptional()
  @IsOptionMap()
  options?: Record<string, string>;

  @ApiPropertyOptional(ANSWER_SCHEMA)
  @IsOptional()
  @IsAnswerValue()
  answer?: AnswerValue;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  sourceKey?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  article?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  basis?: string;

  @ApiPropertyOptional({ enum: DISCIPLINE_TAGS, isArray: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(DISCIPLINE_TAGS, { each: true })
  disciplines?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  difficulty?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  explanation?: string;

  @ApiPropertyOptional({ description: '修改说明，记入新版本' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;

  @ApiPropertyOptional({ description: '编辑所基于的版本号；与当前版本不符时拒绝（防止覆盖他人修改）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  baseVersionNo?: number;
}

export class ApproveItemDto {
  @ApiProperty({ description: '批准理由（记入审计日志）', example: '已对照法规全文核对' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiPropertyOptional({
    description: '审核说明：依据无法与法规全文核对（无全文、条款非“第N条”或原文不符）时必填，记入审计日志',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reviewerNote?: string;
}

export class RetireItemDto {
  @ApiProperty({ description: '停用理由（记入审计日志）', example: '法规已修订' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
