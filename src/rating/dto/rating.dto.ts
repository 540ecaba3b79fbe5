import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RESPONDENT_TYPES, RespondentType } from '../entities/survey.entity';
import type { ServiceObjectKind } from '../entities/service-object.entity';
import { VETO_CODES, VetoCode } from '../rules/sheet';
import { SUBMISSION_KINDS, SubmissionKind } from '../rules/submission-lists';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StageDto {
  @ApiProperty({ example: '2026-04-10' })
  @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' })
  start!: string;
  @ApiProperty({ example: '2026-04-25' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) end!: string;
}

export class StagesDto {
  @ApiProperty({ description: '自查自评' }) @ValidateNested() @Type(() => StageDto) selfAssessment!: StageDto;
  @ApiProperty({ description: '检查评估' }) @ValidateNested() @Type(() => StageDto) inspection!: StageDto;
  @ApiProperty({ description: '分类评定' }) @ValidateNested() @Type(() => StageDto) classification!: StageDto;
}

export class CreateRoundDto {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2022) @Max(2100) year!: number;
  @ApiProperty({ example: '2026年度安全生产技术服务机构分类等级评定' })
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name!: string;
  @ApiPropertyOptional({ description: '各阶段日期；不填按实施方案（4月10日起）' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StagesDto)
  stages?: StagesDto;
  @ApiPropertyOptional({
    description: '参评机构（名册中的机构 id）；不填为名册中全部在册机构',
    type: [Number],
  })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  @ArrayMaxSize(5000)
  agencyIds?: number[];
}

export class TakeExamDto {
  @ApiProperty({ description: '抽考批次 id（成绩须已确定）' }) @IsInt() @Min(1) campaignId!: number;
}

export class WithdrawAgencyDto {
  @ApiProperty({ example: '逾期未报送自查自评材料，视为主动放弃' })
  @IsString()
  @MinLength(4)
  @MaxLength(1000)
  reason!: string;
}

export class AddExpertDto {
  @ApiProperty() @IsInt() @Min(1) userId!: number;
  @ApiPropertyOptional({ description: '专家所在机构（名册 id），不得检查本机构' })
  @IsOptional()
  @IsInt()
  homeAgencyId?: number;
  @ApiPropertyOptional({ type: [Number], description: '申报有利害关系的其他机构' })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  @ArrayMaxSize(200)
  conflictAgencyIds?: number[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) conflictNote?: string;
}

export class AssignDto {
  @ApiProperty() @IsInt() @Min(1) userId!: number;
}

export class AddServiceObjectDto {
  @ApiProperty({ example: '临沂某化工有限公司' }) @IsString() @MinLength(2) @MaxLength(128) name!: string;
  @ApiProperty({
    enum: ['statutory', 'other'],
    description: 'statutory 法定评价项目；other 非法定服务（5 家抽 1）',
  })
  @IsIn(['statutory', 'other'])
  kind!: ServiceObjectKind;
}

export class AddDeductionDto {
  @ApiProperty({ minimum: 1, maximum: 18 }) @IsInt() @Min(1) @Max(18) item!: number;
  @ApiProperty({ example: '2.certified' }) @IsString() @MaxLength(48) rule!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(999) count!: number;
  @ApiProperty({ description: '证据（检查发现、文件名、照片编号等）' })
  @IsString()
  @MinLength(2, { message: 'evidence：请写明扣分依据' })
  @MaxLength(4000)
  evidence!: string;
  @ApiPropertyOptional({ description: '工作实绩（第 10–18 项）所属的现场检查服务对象' })
  @IsOptional()
  @IsInt()
  serviceObjectId?: number;
}

export class SurveyScoresDto {
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(2) compliance!: number;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(2) quality!: number;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(2) fees!: number;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(2) ethics!: number;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(2) competition!: number;
}

export class SurveyAnswerDto {
  @ApiProperty({ type: SurveyScoresDto })
  @ValidateNested()
  @Type(() => SurveyScoresDto)
  scores!: SurveyScoresDto;
  @ApiPropertyOptional({ description: '企业认为应该反映的其他情况（仅管理员可见）' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  otherMatters?: string;
}

export class PaperSurveyDto extends SurveyAnswerDto {
  @ApiProperty({ enum: RESPONDENT_TYPES }) @IsIn(RESPONDENT_TYPES) respondentType!: RespondentType;
}

export class SurveyLinkRequestDto {
  @ApiProperty({ enum: RESPONDENT_TYPES }) @IsIn(RESPONDENT_TYPES) respondentType!: RespondentType;
  @ApiProperty({ example: '兰山区应急管理局' }) @IsString() @MinLength(1) @MaxLength(128) label!: string;
}

export class CreateSurveyLinksDto {
  @ApiProperty({ type: [SurveyLinkRequestDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SurveyLinkRequestDto)
  links!: SurveyLinkRequestDto[];
}

export class AddBonusDto {
  @ApiProperty({ example: 2.5 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(10) points!: number;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(2000) reason!: string;
  @ApiProperty({ example: '临沂市应急管理局' }) @IsString() @MinLength(2) @MaxLength(128) authority!: string;
}

export class AddVetoDto {
  @ApiProperty({ enum: VETO_CODES }) @IsIn(VETO_CODES) code!: VetoCode;
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(4000) evidence!: string;
}

export class RepublishRatingDto {
  @ApiProperty({ example: '经核查第 1 号异议，撤销第 6 项一处扣分，重新评定' })
  @IsString()
  @MinLength(4, { message: 'changeNote：请写明重新评定说明' })
  @MaxLength(2000)
  changeNote!: string;
}

export class RatingObjectionDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) name!: string;
  @ApiProperty() @IsString() @MinLength(5) @MaxLength(128) contact!: string;
  @ApiProperty() @IsString() @MinLength(5) @MaxLength(4000) content!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) about?: string;
}

export class AnswerRatingObjectionDto {
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(4000) answer!: string;
}

/** Points with two decimals (as the DTOs carry them) to hundredths, exactly. */
export function toCenti(points: number): number {
  return Math.round(points * 100);
}

export class ObjectListDto {
  @ApiProperty({ type: [String], description: '机构提供的非法定服务对象（一般 5 家），按提供顺序' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  names!: string[];
}

export class ObjectDrawDto {
  @ApiProperty({ example: '见证人现场摇号 03 17 29', description: '公开随机数，原样记录' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  entropy!: string;
}

export class UploadSubmissionDto {
  @ApiProperty({ enum: SUBMISSION_KINDS, description: 'statutory-projects 附件2；hazard-services 附件3' })
  @IsIn(SUBMISSION_KINDS)
  kind!: SubmissionKind;
  @ApiProperty({ description: 'xlsx 文件内容（base64）' }) @IsString() @MaxLength(15_000_000) file!: string;
  @ApiProperty({ example: '附件3-隐患排查清单.xlsx' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fileName!: string;
}

export class ExcuseDto {
  @ApiProperty({ example: '因疫情封控，经批准延期至 5 月 10 日报送' })
  @IsString()
  @MinLength(4)
  @MaxLength(1000)
  reason!: string;
}
