import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { formatCenti } from '../component';
import type { GradeChange } from '../grade-change.entity';
import type { Grade } from '../grade.entity';
import { SubtotalDto, toSubtotals } from './candidate-result.dto';

export class ListHistoryQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) attemptId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) technicianId?: number;
  @ApiPropertyOptional({ description: '只看某次答案更正引起的变化' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  keyCorrectionId?: number;
  @ApiPropertyOptional({ default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
  @ApiPropertyOptional({ description: '分页：只取 id 小于此值的记录' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeId?: number;
}

export class GradeChangeDto {
  @ApiProperty() id!: number;
  @ApiProperty() attemptId!: number;
  @ApiProperty() technicianId!: number;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyName!: string | null;
  @ApiProperty({ enum: ['graded', 'regraded', 'key-correction', 'voided', 'reopened'] }) cause!: string;
  @ApiProperty({ nullable: true, type: Number }) keyCorrectionId!: number | null;
  @ApiProperty({ nullable: true, type: String }) beforeStatus!: string | null;
  @ApiProperty() afterStatus!: string;
  @ApiProperty({ nullable: true, type: String, example: '58.00' }) beforeScore!: string | null;
  @ApiProperty({ example: '60.00' }) afterScore!: string;
  @ApiProperty({ nullable: true, type: Boolean }) beforePassed!: boolean | null;
  @ApiProperty() afterPassed!: boolean;
  @ApiProperty() revision!: number;
  @ApiProperty() ruleVersion!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() createdAt!: Date;
}

export function toGradeChangeDto(c: GradeChange, who?: { name: string; agencyName: string }): GradeChangeDto {
  return {
    id: c.id,
    attemptId: c.attemptId,
    technicianId: c.technicianId,
    name: who?.name ?? null,
    agencyName: who?.agencyName ?? null,
    cause: c.cause,
    keyCorrectionId: c.keyCorrectionId,
    beforeStatus: c.beforeStatus,
    afterStatus: c.afterStatus,
    beforeScore: c.beforeScore100 === null ? null : formatCenti(c.beforeScore100),
    afterScore: formatCenti(c.afterScore100),
    beforePassed: c.beforePassed === null ? null : Boolean(c.beforePassed),
    afterPassed: Boolean(c.afterPassed),
    revision: c.revision,
    ruleVersion: c.ruleVersion,
    actor: c.actor,
    reason: c.reason,
    createdAt: c.createdAt,
  };
}

export class QuestionCreditDto {
  @ApiProperty({ description: '试卷题目 id（paper_questions.id）' }) questionId!: number;
  @ApiProperty({ example: '0.50' }) earned!: string;
  @ApiProperty({ enum: ['correct', 'partial', 'wrong', 'blank'] }) outcome!: string;
}

/** One attempt's grade in full, for administrators. */
export class GradeDetailDto {
  @ApiProperty() attemptId!: number;
  @ApiProperty() campaignId!: number;
  @ApiProperty() sittingId!: number;
  @ApiProperty() technicianId!: number;
  @ApiProperty() paperId!: number;
  @ApiProperty({ enum: ['graded', 'voided', 'reopened'] }) status!: string;
  @ApiProperty({ example: '85.50' }) earned!: string;
  @ApiProperty({ example: '100.00' }) max!: string;
  @ApiProperty({ example: '85.50' }) score!: string;
  @ApiProperty({ example: '60.00' }) passMark!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ enum: ['partial', 'all-or-nothing'] }) multipleRule!: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/SubtotalDto' } })
  bySection!: Record<string, SubtotalDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/SubtotalDto' } })
  bySource!: Record<string, SubtotalDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/SubtotalDto' } })
  byPart!: Record<string, SubtotalDto>;
  @ApiProperty({ type: [QuestionCreditDto] }) questions!: QuestionCreditDto[];
  @ApiProperty({ type: [Number], description: '评分时适用的答案更正' }) keyCorrections!: number[];
  @ApiProperty() ruleVersion!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() gradedAt!: Date;
}

const OUTCOMES = { c: 'correct', p: 'partial', w: 'wrong', b: 'blank' } as const;

export function toGradeDetailDto(g: Grade): GradeDetailDto {
  return {
    attemptId: g.attemptId,
    campaignId: g.campaignId,
    sittingId: g.sittingId,
    technicianId: g.technicianId,
    paperId: g.paperId,
    status: g.status,
    earned: formatCenti(g.earned),
    max: formatCenti(g.max),
    score: formatCenti(g.score100),
    passMark: formatCenti(g.passMark100),
    passed: Boolean(g.passed),
    multipleRule: g.multipleRule,
    bySection: toSubtotals(g.bySection),
    bySource: toSubtotals(g.bySource),
    byPart: toSubtotals(g.byPart),
    questions: g.credits.map(([questionId, earned, o]) => ({
      questionId,
      earned: formatCenti(earned),
      outcome: OUTCOMES[o],
    })),
    keyCorrections: g.keyCorrections,
    ruleVersion: g.ruleVersion,
    revision: g.revision,
    gradedAt: g.gradedAt,
  };
}
