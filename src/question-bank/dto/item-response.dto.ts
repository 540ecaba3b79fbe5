import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { QuestionItemVersion } from '../entities/question-item-version.entity';
import type { QuestionItem } from '../entities/question-item.entity';
import type { QuestionSource } from '../entities/question-source.entity';
import {
  AnswerValue,
  ITEM_STATUSES,
  ItemStatus,
  QUESTION_TYPES,
  QuestionType,
  SOURCE_STATUSES,
  SourceStatus,
} from '../question-type';
import { ANSWER_SCHEMA } from './item.dto';

export class SourceResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: '安全生产法' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ nullable: true, type: String }) documentNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2021-06-10' }) versionDate!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2021-09-01' }) effectiveDate!: string | null;
  @ApiProperty({ enum: SOURCE_STATUSES }) status!: SourceStatus;
  @ApiProperty({ nullable: true, type: String }) lawFile!: string | null;
}

export class ItemSummaryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'wsl-0001' }) code!: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty() versionId!: number;
  @ApiProperty() versionNo!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty({ example: '安全生产法' }) sourceKey!: string;
  @ApiProperty({ example: '第五条' }) article!: string;
  @ApiProperty({ type: [String] }) disciplines!: string[];
  @ApiProperty() difficulty!: number;
  @ApiProperty() updatedAt!: string;
}

export class ItemListResponseDto {
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [ItemSummaryDto] }) items!: ItemSummaryDto[];
}

export class ItemVersionResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty() versionNo!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty({ example: { A: '第一责任人', B: '直接责任人' } }) options!: Record<string, string>;
  @ApiProperty(ANSWER_SCHEMA) answer!: AnswerValue;
  @ApiProperty() sourceKey!: string;
  @ApiProperty() article!: string;
  @ApiProperty() basis!: string;
  @ApiProperty({ nullable: true, type: String }) explanation!: string | null;
  @ApiProperty({ type: [String] }) disciplines!: string[];
  @ApiProperty() difficulty!: number;
  @ApiProperty() contentHash!: string;
  @ApiProperty({ nullable: true, type: String }) changeNote!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class ItemDetailDto {
  @ApiProperty() id!: number;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) statusChangedAt!: string | null;
  @ApiProperty({ description: 'file:<题库文件>、admin 或 upload' }) origin!: string;
  @ApiProperty({ type: ItemVersionResponseDto }) current!: ItemVersionResponseDto;
  @ApiProperty({ type: SourceResponseDto }) source!: SourceResponseDto;
  @ApiProperty({ type: [ItemVersionResponseDto], description: '全部版本，按版本号升序' })
  versions!: ItemVersionResponseDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

class StatusCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() draft!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() retired!: number;
}

export class SourceCountsDto extends StatusCountsDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
}

export class DisciplineCountsDto extends StatusCountsDto {
  @ApiProperty({ example: 'common' }) code!: string;
  @ApiProperty({ example: '通用' }) name!: string;
}

export class TypeCountsDto extends StatusCountsDto {
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
}

export class StatsResponseDto {
  @ApiProperty({ type: StatusCountsDto }) all!: StatusCountsDto;
  @ApiProperty({ type: [SourceCountsDto] }) bySource!: SourceCountsDto[];
  @ApiProperty({
    type: [DisciplineCountsDto],
    description: '标为 common 的题目计入“通用”；多专业题目计入每个专业',
  })
  byDiscipline!: DisciplineCountsDto[];
  @ApiProperty({ type: [TypeCountsDto] }) byType!: TypeCountsDto[];
}

export class ReviewResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty({ enum: ['verified', 'mismatch', 'unverifiable'], required: false })
  basisCheck?: 'verified' | 'mismatch' | 'unverifiable';
  @ApiPropertyOptional() basisCheckReason?: string;
}

export function toSourceResponse(s: QuestionSource): SourceResponseDto {
  return {
    id: s.id,
    key: s.key,
    title: s.title,
    issuer: s.issuer,
    documentNumber: s.documentNumber,
    versionDate: s.versionDate,
    effectiveDate: s.effectiveDate,
    status: s.status,
    lawFile: s.lawFile,
  };
}

export function toVersionResponse(v: QuestionItemVersion, sourceKey: string): ItemVersionResponseDto {
  return {
    id: v.id,
    versionNo: v.versionNo,
    type: v.type,
    stem: v.stem,
    options: v.options,
    answer: v.answer,
    sourceKey,
    article: v.article,
    basis: v.basis,
    explanation: v.explanation,
    disciplines: v.disciplines,
    difficulty: v.difficulty,
    contentHash: v.contentHash,
    changeNote: v.changeNote,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
}

export function toItemDetail(
  item: QuestionItem,
  versions: QuestionItemVersion[],
  sources: ReadonlyMap<number, QuestionSource>,
): ItemDetailDto {
  const current = versions.find((v) => v.id === item.currentVersionId) ?? versions[versions.length - 1];
  const source = sources.get(current.sourceId)!;
  return {
    id: item.id,
    code: item.code,
    status: item.status,
    statusReason: item.statusReason,
    statusChangedAt: item.statusChangedAt ? item.statusChangedAt.toISOString() : null,
    origin: item.origin,
    current: toVersionResponse(current, source.key),
    source: toSourceResponse(source),
    versions: versions.map((v) => toVersionResponse(v, sources.get(v.sourceId)?.key ?? '')),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}
