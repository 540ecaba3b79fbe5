import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import type { KeyCorrection } from '../key-correction.entity';

export class CreateKeyCorrectionDto {
  @ApiProperty({ description: '题目版本 id（试卷冻结的版本）' })
  @IsInt()
  @Min(1)
  versionId!: number;

  @ApiProperty({
    description: '更正后的答案，按题库中的选项字母：判断题 true/false，单选题 "B"，多选题 ["A","C"]',
    oneOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @IsDefined()
  key!: unknown;

  @ApiProperty({ example: '原答案与《安全生产法》第二十一条原文不符' })
  @IsString()
  @MinLength(4, { message: 'reason：请写明更正理由（至少 4 个字）' })
  @MaxLength(2000)
  reason!: string;
}

export class KeyCorrectionDto {
  @ApiProperty() id!: number;
  @ApiProperty() campaignId!: number;
  @ApiProperty() itemId!: number;
  @ApiProperty() versionId!: number;
  @ApiProperty() questionType!: string;
  @ApiProperty({
    oneOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  oldKey!: unknown;
  @ApiProperty({
    oneOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  newKey!: unknown;
  @ApiProperty() reason!: string;
  @ApiProperty() actorId!: number;
  @ApiProperty({ description: '含该题的答卷数' }) affected!: number;
  @ApiProperty({ description: '成绩或合格与否发生变化的答卷数' }) changed!: number;
  @ApiProperty() createdAt!: Date;
}

export function toKeyCorrectionDto(k: KeyCorrection): KeyCorrectionDto {
  return {
    id: k.id,
    campaignId: k.campaignId,
    itemId: k.itemId,
    versionId: k.versionId,
    questionType: k.questionType,
    oldKey: k.oldKey,
    newKey: k.newKey,
    reason: k.reason,
    actorId: k.actorId,
    affected: k.affected,
    changed: k.changed,
    createdAt: k.createdAt,
  };
}

export class KeyCorrectionResultDto {
  @ApiProperty({ type: KeyCorrectionDto }) correction!: KeyCorrectionDto;
  @ApiProperty({ type: [Number], description: '成绩发生变化的答卷' }) changedAttemptIds!: number[];
}
