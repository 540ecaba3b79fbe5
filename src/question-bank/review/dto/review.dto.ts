import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DISCIPLINE_TAGS } from '../../dto/item.dto';
import type { ItemStatus } from '../../question-type';
import { QUEUE_REASONS, QueueReason, REVIEW_DECISIONS, ReviewDecisionKind } from '../review-rules';
import { IsBase64Content } from '../../../common/base64';

export class ReviewQueueQueryDto {
  @ApiPropertyOptional({ description: '来源简称' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  source?: string;

  @ApiPropertyOptional({ enum: DISCIPLINE_TAGS })
  @IsOptional()
  @IsIn(DISCIPLINE_TAGS)
  discipline?: string;

  @ApiPropertyOptional({ enum: QUEUE_REASONS })
  @IsOptional()
  @IsIn(QUEUE_REASONS)
  reason?: QueueReason;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
}

export class ReviewDecisionDto {
  @ApiProperty({ enum: REVIEW_DECISIONS })
  @IsIn(REVIEW_DECISIONS)
  decision!: ReviewDecisionKind;

  @ApiPropertyOptional({ description: '评审意见；退回修改和否决时必填' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  comment?: string;

  @ApiPropertyOptional({ description: '所评审的版本号；与当前版本不符时拒绝' })
  @IsOptional()
  @IsInt()
  @Min(1)
  versionNo?: number;

  @ApiPropertyOptional({
    description: '审核说明：依据无法与法规全文核对（无全文、条款非“第N条”或原文不符）时批准必填',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reviewerNote?: string;

  @ApiPropertyOptional({
    description: '来源已被部分替代时批准必填：已对照的新法规条款（如 第二十一条）',
    example: '第二十一条',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  checkedArticle?: string;
}

export class ReviewSettingsDto {
  @ApiProperty({ enum: [1, 2], description: '批准一道题所需的不同评审专家人数' })
  @IsIn([1, 2])
  reviewersRequired!: number;
}

export class MarkSourceDto {
  @ApiProperty({ enum: ['superseded', 'partially-superseded'] })
  @IsIn(['superseded', 'partially-superseded'])
  status!: 'superseded' | 'partially-superseded';

  @ApiProperty({ description: '替代它的新法规的来源简称', example: '危险化学品安全法' })
  @IsString()
  @Length(1, 128)
  supersededBy!: string;

  @ApiProperty({ description: '新法规施行之日 YYYY-MM-DD', example: '2026-05-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'supersededFrom 须为 YYYY-MM-DD' })
  supersededFrom!: string;

  @ApiPropertyOptional({ description: '说明（记入审计日志）' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class EnqueueItemDto {
  @ApiProperty({ enum: ['objection', 'item-analysis'] })
  @IsIn(['objection', 'item-analysis'])
  reason!: 'objection' | 'item-analysis';

  @ApiProperty({ description: '送审说明，如异议编号和内容摘要' })
  @IsString()
  @Length(1, 500)
  note!: string;
}

export class SourceTextDto {
  @ApiProperty({ description: '官方文本全文（“第N条 …”分行，可含“## 第N章”标题）' })
  @IsString()
  @Length(1, 2_000_000)
  text!: string;

  @ApiPropertyOptional({ example: '部令第20号.txt' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fileName?: string;
}

export class ImportDecisionsDto {
  @ApiProperty({ description: '评审表（.xlsx，由“导出评审表”下载后填写）的 Base64 编码' })
  @IsBase64Content()
  @MaxLength(14_000_000)
  contentBase64!: string;

  @ApiPropertyOptional({ example: '评审表.xlsx' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fileName?: string;
}

// ---- responses ----

export interface QueueReasonEntry {
  reason: QueueReason;
  detail: string;
  at: string | null;
}

export interface QueueRowDto {
  id: number;
  code: string;
  status: string;
  versionId: number;
  versionNo: number;
  type: string;
  stem: string;
  sourceKey: string;
  article: string;
  disciplines: string[];
  reasons: QueueReasonEntry[];
  approvals: number;
  approvedByMe: boolean;
}

export interface QueueResponseDto {
  total: number;
  page: number;
  pageSize: number;
  reviewersRequired: number;
  items: QueueRowDto[];
}

export interface DecisionResponseDto {
  id: number;
  versionNo: number;
  reviewerId: number;
  reviewerName: string;
  decision: ReviewDecisionKind;
  comment: string | null;
  basisCheck: string;
  checkedArticle: string | null;
  channel: string;
  at: string;
}

export interface ReviewItemDto {
  id: number;
  code: string;
  status: string;
  statusReason: string | null;
  version: {
    id: number;
    versionNo: number;
    type: string;
    stem: string;
    options: Record<string, string>;
    answer: unknown;
    article: string;
    basis: string;
    explanation: string | null;
    disciplines: string[];
    difficulty: number;
  };
  source: {
    key: string;
    title: string;
    status: string;
    supersededBy: string | null;
    supersededFrom: string | null;
    lawFile: string | null;
    officialText: { id: number; chars: number; fileName: string | null; at: string } | null;
  };
  /** The cited article's full text, from the law file or the official text; null when neither has it. */
  articleText: { text: string; from: 'law-file' | 'official-text' } | null;
  basisCheck: { status: string; reason?: string };
  reasons: QueueReasonEntry[];
  reviewersRequired: number;
  approvers: number[];
  decisions: DecisionResponseDto[];
}

export interface DecideResultDto {
  id: number;
  code: string;
  status: ItemStatus;
  versionNo: number;
  approvals: number;
  reviewersRequired: number;
  basisCheck: 'verified' | 'mismatch' | 'unverifiable';
  basisCheckReason?: string;
}

export interface ImportDecisionsResultDto {
  rows: number;
  approved: number;
  requestedChange: number;
  rejected: number;
  nowApproved: number;
}
