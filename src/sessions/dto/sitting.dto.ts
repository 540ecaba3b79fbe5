import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { maskIdNumber } from '../../roster/mask';
import { DEFAULT_PROCTORING_SETTINGS, ProctoringSettings } from '../../proctoring/thresholds';
import type { CandidateState } from '../candidate-state';
import { SITTING_MODES, Sitting, SittingMode } from '../sitting.entity';
import type { SittingCandidate } from '../sitting-candidate.entity';

export class ThresholdDto {
  @ApiPropertyOptional({ nullable: true, description: 'Warn at this count and each multiple; null: never' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  warnAt?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'Flag for review at this count; null: never' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  flagAt?: number | null;
}

export class ThresholdsDto {
  @ApiPropertyOptional({ type: ThresholdDto, description: '窗口失焦与页面隐藏' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdDto)
  'focus-loss'?: ThresholdDto;

  @ApiPropertyOptional({ type: ThresholdDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdDto)
  'fullscreen-exit'?: ThresholdDto;

  @ApiPropertyOptional({ type: ThresholdDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdDto)
  paste?: ThresholdDto;

  @ApiPropertyOptional({ type: ThresholdDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdDto)
  offline?: ThresholdDto;

  @ApiPropertyOptional({ type: ThresholdDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdDto)
  'second-login'?: ThresholdDto;
}

export class ProctoringSettingsDto {
  @ApiPropertyOptional({ type: ThresholdsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThresholdsDto)
  thresholds?: ThresholdsDto;
}

export class CreateSittingDto {
  @ApiProperty() @IsInt() @Min(1) campaignId!: number;

  @ApiProperty({ example: '第一场（危险化学品）' }) @IsString() @Length(1, 128) name!: string;

  @ApiProperty({ enum: SITTING_MODES }) @IsIn(SITTING_MODES) mode!: SittingMode;

  @ApiProperty({ description: '考场（或线上考试的说明）', example: '市应急管理局 301 室' })
  @IsString()
  @Length(1, 128)
  location!: string;

  @ApiProperty({ description: 'ISO 8601' }) @IsISO8601({ strict: true }) windowStart!: string;
  @ApiProperty({ description: 'ISO 8601' }) @IsISO8601({ strict: true }) windowEnd!: string;

  @ApiProperty({ description: '答题时长（秒），默认试卷 120 分钟 = 7200', example: 7200 })
  @IsInt()
  @Min(1)
  @Max(86_400)
  durationSeconds!: number;

  @ApiProperty({ description: '开考后多少秒内可入场（迟到截止）', example: 1800 })
  @IsInt()
  @Min(0)
  @Max(86_400)
  lateEntrySeconds!: number;

  @ApiProperty({ example: 60 }) @IsInt() @Min(1) @Max(20_000) capacity!: number;

  @ApiPropertyOptional({ type: [Number], description: 'users.id of the proctors' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  proctorIds?: number[];

  @ApiPropertyOptional({ type: ProctoringSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProctoringSettingsDto)
  proctoring?: ProctoringSettingsDto;
}

export class UpdateSittingDto {
  @ApiPropertyOptional({ description: '修改原因（记入审计日志；已安排考生后页面要求填写）' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) location?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) windowStart?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) windowEnd?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(86_400) durationSeconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(86_400) lateEntrySeconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(20_000) capacity?: number;
  @ApiPropertyOptional({ type: ProctoringSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProctoringSettingsDto)
  proctoring?: ProctoringSettingsDto;
}

export class SetProctorsDto {
  @ApiProperty({ type: [Number] }) @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) userIds!: number[];
}

/** Which of the campaign's drawn technicians to place: by hand, by agency, by discipline, or all the rest. */
export class AssignCandidatesDto {
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20_000)
  @IsInt({ each: true })
  technicianIds?: number[];

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5_000)
  @IsInt({ each: true })
  agencyIds?: number[];

  @ApiPropertyOptional({ type: [String], example: ['hazardous-chemicals'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  disciplines?: string[];

  @ApiPropertyOptional({ description: 'Every drawn technician not yet placed (up to the capacity)' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({
    description:
      '安排到满: when the chosen people outnumber the free seats, place as many as fit (whole agencies first) ' +
      'instead of refusing',
  })
  @IsOptional()
  @IsBoolean()
  fillToCapacity?: boolean;
}

/** Why a sitting is deleted or closed (记入审计日志). */
export class SittingReasonDto {
  @ApiProperty({ example: '考场临时调整' }) @IsString() @Length(1, 500) reason!: string;
}

/** One of the new sittings of a split: as a new sitting, without the campaign. */
export class SplitSittingItemDto {
  @ApiProperty({ example: '第一场' }) @IsString() @Length(1, 128) name!: string;
  @ApiProperty({ enum: SITTING_MODES }) @IsIn(SITTING_MODES) mode!: SittingMode;
  @ApiProperty() @IsString() @Length(1, 128) location!: string;
  @ApiProperty({ description: 'ISO 8601' }) @IsISO8601({ strict: true }) windowStart!: string;
  @ApiProperty({ description: 'ISO 8601' }) @IsISO8601({ strict: true }) windowEnd!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(86_400) durationSeconds!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(86_400) lateEntrySeconds!: number;
  @ApiProperty() @IsInt() @Min(1) @Max(20_000) capacity!: number;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  proctorIds?: number[];
}

/** Creates the sittings and spreads the campaign's unplaced drawn list over them, agencies kept together. */
export class SplitSittingsDto {
  @ApiProperty() @IsInt() @Min(1) campaignId!: number;

  @ApiProperty({ type: [SplitSittingItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SplitSittingItemDto)
  sittings!: SplitSittingItemDto[];
}

export class SittingResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty() campaignId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SITTING_MODES }) mode!: SittingMode;
  @ApiProperty() location!: string;
  @ApiProperty() windowStart!: string;
  @ApiProperty() windowEnd!: string;
  @ApiProperty() durationSeconds!: number;
  @ApiProperty() lateEntrySeconds!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty({ nullable: true }) accessCodeRevealedAt!: string | null;
  @ApiProperty({ type: Object, example: DEFAULT_PROCTORING_SETTINGS }) proctoring!: ProctoringSettings;
  @ApiProperty({ type: [Number] }) proctorIds!: number[];
  @ApiProperty() candidateCount!: number;
  @ApiProperty({ nullable: true, description: '结束场次的时间' }) closedAt!: string | null;
  @ApiProperty({ nullable: true }) closeReason!: string | null;
}

export function toSittingResponse(
  s: Sitting,
  proctorIds: number[],
  candidateCount: number,
): SittingResponseDto {
  return {
    id: s.id,
    campaignId: s.campaignId,
    name: s.name,
    mode: s.mode,
    location: s.location,
    windowStart: s.windowStart.toISOString(),
    windowEnd: s.windowEnd.toISOString(),
    durationSeconds: s.durationSeconds,
    lateEntrySeconds: s.lateEntrySeconds,
    capacity: s.capacity,
    accessCodeRevealedAt: s.accessCodeRevealedAt ? s.accessCodeRevealedAt.toISOString() : null,
    proctoring: s.proctoring,
    proctorIds,
    candidateCount,
    closedAt: s.closedAt ? s.closedAt.toISOString() : null,
    closeReason: s.closeReason ?? null,
  };
}

export class SittingCandidateResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty() sittingId!: number;
  @ApiProperty() technicianId!: number;
  @ApiProperty() agencyId!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'first 2 and last 3 characters' }) maskedIdNumber!: string;
  @ApiProperty() discipline!: string;
  @ApiProperty() ticketNumber!: string;
  @ApiProperty() seat!: number;
  @ApiProperty({ nullable: true }) paperId!: number | null;
  @ApiProperty({ nullable: true }) admittedAt!: string | null;
  @ApiProperty({ nullable: true }) lastLoginAt!: string | null;
  @ApiProperty() state!: CandidateState;
}

export function toSittingCandidateResponse(
  c: SittingCandidate,
  state: CandidateState,
): SittingCandidateResponseDto {
  return {
    id: c.id,
    sittingId: c.sittingId,
    technicianId: c.technicianId,
    agencyId: c.agencyId,
    agencyName: c.agencyName,
    name: c.name,
    maskedIdNumber: maskIdNumber(c.idNumber),
    discipline: c.discipline,
    ticketNumber: c.ticketNumber,
    seat: c.seat,
    paperId: c.paperId,
    admittedAt: c.admittedAt ? c.admittedAt.toISOString() : null,
    lastLoginAt: c.lastLoginAt ? c.lastLoginAt.toISOString() : null,
    state,
  };
}

export class AssignResultDto {
  @ApiProperty() added!: number;
  @ApiProperty({
    type: [Number],
    description: 'Technicians left out because another sitting already has them',
  })
  alreadyPlaced!: number[];
  @ApiProperty({
    type: [Number],
    description: 'Chosen technicians left unplaced because the sitting was full (安排到满)',
  })
  notPlaced!: number[];
  @ApiProperty({ type: [SittingCandidateResponseDto] }) candidates!: SittingCandidateResponseDto[];
}

export class AccessCodeResponseDto {
  @ApiProperty({ example: '428913' }) accessCode!: string;
  @ApiProperty() revealedAt!: string;
}

export class CloseSittingResultDto {
  @ApiProperty({ type: SittingResponseDto }) sitting!: SittingResponseDto;
  @ApiProperty({ description: '交卷或作废的考生数' }) finished!: number;
  @ApiProperty({ type: [Number], description: 'Technicians placed here who never started: recorded absent' })
  absentTechnicianIds!: number[];
}

export class SplitResultDto {
  @ApiProperty({ type: [SittingResponseDto] }) sittings!: SittingResponseDto[];
  @ApiProperty({ description: 'People placed in the new sittings' }) placed!: number;
  @ApiProperty({ type: [Number], description: 'Agencies whose people are in more than one new sitting' })
  splitAgencyIds!: number[];
}
