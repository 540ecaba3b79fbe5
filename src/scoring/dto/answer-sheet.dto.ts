import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { AdminPaperDto } from '../../papers/dto/paper.dto';
import type { AnswerValue } from '../../question-bank/question-type';

export class AnswerSheetQueryDto {
  @ApiPropertyOptional({ description: '为处理哪一件异议而查看（记入审计日志）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '异议编号须为整数' })
  @Min(1, { message: '异议编号须为整数' })
  objectionId?: number;
}

export class AnswerSheetCandidateDto {
  @ApiProperty() sittingCandidateId!: number;
  @ApiProperty() technicianId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '37*************23X' }) maskedIdNumber!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() disciplineName!: string;
  @ApiProperty() ticketNumber!: string;
  @ApiProperty() sittingName!: string;
}

/** One question's response and mark; the question itself is in `paper`. */
export class AnswerSheetItemDto {
  @ApiProperty() questionId!: number;
  @ApiProperty({ nullable: true, description: '考生的作答（所见选项字母）；未作答为 null' })
  response!: AnswerValue | null;
  @ApiProperty({ nullable: true, type: String, example: '0.50', description: '本题得分；未评分为 null' })
  earned!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['correct', 'partial', 'wrong', 'blank'] })
  outcome!: string | null;
}

export class AnswerSheetGradeDto {
  @ApiProperty({ enum: ['graded', 'voided', 'reopened'] }) status!: string;
  @ApiProperty({ example: '85.50' }) score!: string;
  @ApiProperty({ example: '60.00' }) passMark!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ type: [Number], description: '评分时适用的答案更正' }) keyCorrections!: number[];
  @ApiProperty() ruleVersion!: string;
  @ApiProperty() gradedAt!: Date;
}

/** A candidate's answer sheet for an administrator handling an objection: the paper as seen, answers, key, marks. */
export class AnswerSheetDto {
  @ApiProperty() attemptId!: number;
  @ApiProperty() attemptStatus!: string;
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) voidReason!: string | null;
  @ApiProperty({ type: AnswerSheetCandidateDto }) candidate!: AnswerSheetCandidateDto;
  @ApiProperty({ type: AdminPaperDto }) paper!: AdminPaperDto;
  @ApiProperty({ type: [AnswerSheetItemDto] }) items!: AnswerSheetItemDto[];
  @ApiProperty({ type: AnswerSheetGradeDto, nullable: true }) grade!: AnswerSheetGradeDto | null;
}
