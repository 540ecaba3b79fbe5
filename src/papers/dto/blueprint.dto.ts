import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { QUESTION_TYPES } from '../../question-bank/question-type';
import type { QuestionType } from '../../question-bank/question-type';
import type { BlueprintSpec } from '../blueprint';
import type { MultipleRule } from '../paper-view';

const MULTIPLE_RULES: MultipleRule[] = ['partial', 'all-or-nothing'];

export class SectionDto {
  @ApiProperty({ enum: QUESTION_TYPES, description: 'judge 判断 / single 单选 / multiple 多选' })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  @ApiProperty({ example: 20, minimum: 0, maximum: 500 })
  @IsInt()
  @Min(0)
  @Max(500)
  count!: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  pointsEach!: number;
}

export class SourceMinimumDto {
  @ApiProperty({ example: '安全生产法', description: 'The source key items cite (question bank sources).' })
  @IsString()
  @Length(1, 128)
  sourceKey!: string;

  @ApiPropertyOptional({ example: 1, description: 'Only articles from 第N条 (inclusive).', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  articleFrom?: number | null;

  @ApiPropertyOptional({ example: 50, description: 'Only articles up to 第N条 (inclusive).', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  articleTo?: number | null;

  @ApiProperty({ example: 25, description: 'Minimum points of the paper carried by these items.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  minPoints!: number;
}

/** Every field optional: what is left out keeps the value in force (the stored one, else the default). */
export class SaveBlueprintDto {
  @ApiPropertyOptional({ example: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  totalPoints?: number;

  @ApiPropertyOptional({ example: 120 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(600)
  durationMinutes?: number;

  @ApiPropertyOptional({ type: [SectionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  sections?: SectionDto[];

  @ApiPropertyOptional({ example: 60, description: 'Points from common (law and regulation) items.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  commonPoints?: number;

  @ApiPropertyOptional({ example: 40, description: "Points from items of the candidate's discipline." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  disciplinePoints?: number;

  @ApiPropertyOptional({ type: [SourceMinimumDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SourceMinimumDto)
  sourceMinimums?: SourceMinimumDto[];

  @ApiPropertyOptional({
    example: 2.5,
    nullable: true,
    description: "Target mean difficulty (1–5, points-weighted); null: the pool's expectation.",
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(1)
  @Max(5)
  targetDifficulty?: number | null;

  @ApiPropertyOptional({ example: 0.2 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(4)
  difficultyTolerance?: number;

  @ApiPropertyOptional({ enum: MULTIPLE_RULES, description: 'partial = 注安 rule; all-or-nothing' })
  @IsOptional()
  @IsIn(MULTIPLE_RULES)
  multipleRule?: MultipleRule;

  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  passMark?: number;
}

export class SectionResponseDto {
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() count!: number;
  @ApiProperty() pointsEach!: number;
}

export class SourceMinimumResponseDto {
  @ApiProperty() sourceKey!: string;
  @ApiProperty({ nullable: true, type: Number }) articleFrom!: number | null;
  @ApiProperty({ nullable: true, type: Number }) articleTo!: number | null;
  @ApiProperty() minPoints!: number;
}

export class BlueprintResponseDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty({ description: "A discipline code, or 'default' for the campaign default." })
  discipline!: string;
  @ApiProperty({
    enum: ['stored', 'campaign-default', 'built-in'],
    description: 'Where the values come from: this key, the campaign default, or the built-in defaults.',
  })
  origin!: 'stored' | 'campaign-default' | 'built-in';
  @ApiProperty() totalPoints!: number;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty({ type: [SectionResponseDto] }) sections!: SectionResponseDto[];
  @ApiProperty() commonPoints!: number;
  @ApiProperty() disciplinePoints!: number;
  @ApiProperty({ type: [SourceMinimumResponseDto] }) sourceMinimums!: SourceMinimumResponseDto[];
  @ApiProperty({ nullable: true, type: Number }) targetDifficulty!: number | null;
  @ApiProperty() difficultyTolerance!: number;
  @ApiProperty({ enum: MULTIPLE_RULES }) multipleRule!: MultipleRule;
  @ApiProperty() passMark!: number;
  @ApiProperty({ description: 'The scoring rules as printed on the paper.' }) ruleText!: string;
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}

export class BucketPlanDto {
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty({ enum: ['common', 'discipline'] }) part!: 'common' | 'discipline';
  @ApiProperty() pointsEach!: number;
  @ApiProperty({ description: 'Items of this kind in every paper.' }) slots!: number;
  @ApiProperty({ description: 'Approved items eligible.' }) available!: number;
}

export class ShortfallDto {
  @ApiProperty({ enum: ['structure', 'section', 'common', 'discipline', 'source', 'difficulty', 'assembly'] })
  constraint!: string;
  @ApiProperty({ description: 'What is needed, what the pool offers, what is missing (Chinese).' })
  message!: string;
  @ApiPropertyOptional({ enum: ['items', 'points', 'difficulty'] }) unit?: string;
  @ApiPropertyOptional() needed?: number;
  @ApiPropertyOptional() available?: number;
  @ApiPropertyOptional({ description: 'How many more approved items would remove the shortfall.' })
  missingItems?: number;
  @ApiPropertyOptional({ enum: QUESTION_TYPES }) type?: QuestionType;
  @ApiPropertyOptional() sourceKey?: string;
}

export class ReachableDifficultyDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

export class DisciplineReadinessDto {
  @ApiProperty({ description: 'Approved items specific to the discipline.' }) specificItems!: number;
  @ApiProperty({ description: 'Approved items of shared-knowledge laws tagged with the discipline.' })
  sharedItems!: number;
  @ApiProperty() disciplinePoints!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Trial paper: section points from specific items.',
  })
  specificPoints!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'specificPoints / disciplinePoints (0–1).' })
  specificShare!: number | null;
  @ApiProperty({ nullable: true, type: String }) warning!: string | null;
}

export class ExcludedItemDto {
  @ApiProperty() itemId!: number;
  @ApiProperty() code!: string;
  @ApiProperty() sourceKey!: string;
  @ApiProperty() article!: string;
  @ApiProperty({ type: [String] }) disciplines!: string[];
  @ApiProperty({ description: 'Why it is not current on the exam date (Chinese).' }) reason!: string;
}

export class CapacityReportDto {
  @ApiProperty() discipline!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: [ShortfallDto] }) shortfalls!: ShortfallDto[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: [BucketPlanDto], nullable: true }) buckets!: BucketPlanDto[] | null;
  @ApiProperty({ nullable: true, type: Number }) expectedDifficulty!: number | null;
  @ApiProperty({ nullable: true, type: ReachableDifficultyDto })
  reachableDifficulty!: ReachableDifficultyDto | null;
  @ApiProperty({ nullable: true, type: Number }) targetDifficulty!: number | null;
  @ApiProperty({ type: DisciplineReadinessDto }) readiness!: DisciplineReadinessDto;
  @ApiProperty({
    type: [ExcludedItemDto],
    description: 'Approved items left out for currency on the exam date.',
  })
  excludedForCurrency!: ExcludedItemDto[];
}

export class BlueprintCheckResponseDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: "YYYY-MM-DD: the exam date on which the sources' currency was judged." })
  examDate!: string;
  @ApiProperty({ type: BlueprintResponseDto }) blueprint!: BlueprintResponseDto;
  @ApiProperty({ type: [CapacityReportDto], description: 'One report per discipline the blueprint governs.' })
  reports!: CapacityReportDto[];
}

export class BlueprintListResponseDto {
  @ApiProperty({ type: BlueprintResponseDto, description: 'The campaign default (stored or built-in).' })
  default!: BlueprintResponseDto;
  @ApiProperty({ type: [BlueprintResponseDto], description: 'Blueprints stored for single disciplines.' })
  disciplines!: BlueprintResponseDto[];
}

export function specFromDto(base: BlueprintSpec, dto: SaveBlueprintDto): BlueprintSpec {
  return {
    totalPoints: dto.totalPoints ?? base.totalPoints,
    durationMinutes: dto.durationMinutes ?? base.durationMinutes,
    sections: dto.sections
      ? dto.sections.map((s) => ({ type: s.type, count: s.count, pointsEach: s.pointsEach }))
      : base.sections,
    commonPoints: dto.commonPoints ?? base.commonPoints,
    disciplinePoints: dto.disciplinePoints ?? base.disciplinePoints,
    sourceMinimums: dto.sourceMinimums
      ? dto.sourceMinimums.map((m) => ({
          sourceKey: m.sourceKey,
          articleFrom: m.articleFrom ?? null,
          articleTo: m.articleTo ?? null,
          minPoints: m.minPoints,
        }))
      : base.sourceMinimums,
    targetDifficulty: dto.targetDifficulty === undefined ? base.targetDifficulty : dto.targetDifficulty,
    difficultyTolerance: dto.difficultyTolerance ?? base.difficultyTolerance,
    multipleRule: dto.multipleRule ?? base.multipleRule,
    passMark: dto.passMark ?? base.passMark,
  };
}
