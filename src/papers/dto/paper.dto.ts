import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { QUESTION_TYPES } from '../../question-bank/question-type';
import type { AnswerValue, QuestionType } from '../../question-bank/question-type';

/** The exam date: settable until the campaign's first papers are assembled. */
export class SetExamDateDto {
  @ApiProperty({ example: '2026-12-15', description: '考试日期（YYYY-MM-DD，北京时间）' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '考试日期须为 YYYY-MM-DD 格式' })
  @IsISO8601({ strict: true }, { message: '考试日期不是有效日期' })
  examDate!: string;
}

export class ExamDateResponseDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty({ description: 'YYYY-MM-DD' }) examDate!: string;
}

export class AssembleResultDto {
  @ApiProperty({ description: 'Sampled technicians of the campaign.' }) total!: number;
  @ApiProperty({ description: 'Papers assembled now.' }) created!: number;
  @ApiProperty({ description: 'Papers that existed already (left as they were).' }) existing!: number;
}

export class PaperSummaryDto {
  @ApiProperty() id!: number;
  @ApiProperty() campaignId!: number;
  @ApiProperty() technicianId!: number;
  @ApiProperty({ nullable: true, type: String }) technicianName!: string | null;
  @ApiProperty() agencyId!: number;
  @ApiProperty({ nullable: true, type: String }) agencyName!: string | null;
  @ApiProperty() discipline!: string;
  @ApiProperty() disciplineName!: string;
  @ApiProperty({ description: 'Points-weighted mean difficulty.' }) difficulty!: number;
  @ApiProperty() targetDifficulty!: number;
  @ApiProperty() totalPoints!: number;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() passMark!: number;
  @ApiProperty({ enum: ['partial', 'all-or-nothing'] }) multipleRule!: string;
  @ApiProperty({ description: 'HMAC-SHA256(campaign seed, "paper:" + technicianId), hex.' }) seed!: string;
  @ApiProperty() poolHash!: string;
  @ApiProperty() assembledAt!: string;
}

export class DisplayedOptionDto {
  @ApiProperty({ example: 'A' }) label!: string;
  @ApiProperty() text!: string;
}

/** A question as an administrator sees it: as shown to the candidate, plus the key and provenance. */
export class AdminQuestionDto {
  @ApiProperty() questionId!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty({ type: [DisplayedOptionDto] }) options!: DisplayedOptionDto[];
  @ApiProperty() points!: number;
  @ApiProperty({ description: 'In the labels shown: true/false, "B", or ["A","C"].' }) key!: AnswerValue;
  @ApiProperty() itemId!: number;
  @ApiProperty() versionId!: number;
  @ApiProperty({ description: 'Bank option labels in the order shown.' }) optionOrder!: string;
  @ApiProperty({ enum: ['common', 'discipline'] }) part!: 'common' | 'discipline';
  @ApiProperty() sourceKey!: string;
  @ApiProperty() article!: string;
  @ApiProperty() difficulty!: number;
}

export class AdminSectionDto {
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() title!: string;
  @ApiProperty() pointsEach!: number;
  @ApiProperty({ type: [AdminQuestionDto] }) questions!: AdminQuestionDto[];
}

export class AdminPaperDto extends PaperSummaryDto {
  @ApiProperty() title!: string;
  @ApiProperty() ruleText!: string;
  @ApiProperty({ type: [AdminSectionDto] }) sections!: AdminSectionDto[];
}

export class DisciplineDifficultyDto {
  @ApiProperty() min!: number;
  @ApiProperty() mean!: number;
  @ApiProperty() max!: number;
  @ApiProperty() target!: number;
  @ApiProperty() tolerance!: number;
}

export class DisciplineFairnessDto {
  @ApiProperty() discipline!: string;
  @ApiProperty() disciplineName!: string;
  @ApiProperty() papers!: number;
  @ApiProperty({ type: DisciplineDifficultyDto }) difficulty!: DisciplineDifficultyDto;
  @ApiProperty({ description: 'Papers outside target ± tolerance.' }) outsideTolerance!: number;
  @ApiProperty({ description: 'The most papers of this discipline that share one item.' })
  maxExposure!: number;
  @ApiProperty({ description: 'Per (type, part): slots in these papers / eligible items; the largest.' })
  fairShare!: number;
  @ApiProperty({ description: 'Pairs of papers of this discipline within one agency.' }) agencyPairs!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Items such a pair shares on average.' })
  meanAgencyOverlap!: number | null;
  @ApiProperty({ description: 'Items two random papers would share on average.' }) randomOverlap!: number;
}

export class OverallFairnessDto {
  @ApiProperty() maxExposure!: number;
  @ApiProperty() agencyPairs!: number;
  @ApiProperty({ nullable: true, type: Number }) meanAgencyOverlap!: number | null;
  @ApiProperty({ description: 'Enemy groups (items that give each other away) in the bank.' })
  enemyGroups!: number;
  @ApiProperty({ description: 'Papers holding two items of one enemy group (0 expected).' })
  enemyConflicts!: number;
}

export class FairnessReportDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty() papers!: number;
  @ApiProperty({ type: [DisciplineFairnessDto] }) disciplines!: DisciplineFairnessDto[];
  @ApiProperty({ type: OverallFairnessDto }) overall!: OverallFairnessDto;
  @ApiPropertyOptional({ type: [String], description: 'Sampled technicians still without a paper.' })
  missing?: number[];
}
