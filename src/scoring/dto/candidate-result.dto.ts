import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { disciplineName } from '../../config/disciplines';
import { maskIdNumber } from '../../roster/mask';
import { formatCenti } from '../component';
import type { Subtotal } from '../grade-paper';
import type { CandidateResult, ResultStanding } from '../results.service';
import { AgencyComponentDto } from './agency-component.dto';

export class SubtotalDto {
  @ApiProperty({ example: '18.00' }) earned!: string;
  @ApiProperty({ example: '20.00' }) max!: string;
}

export function toSubtotals(m: Partial<Record<string, Subtotal>>): Record<string, SubtotalDto> {
  return Object.fromEntries(
    Object.entries(m)
      .filter((e): e is [string, Subtotal] => e[1] !== undefined)
      .map(([k, s]) => [k, { earned: formatCenti(s.earned), max: formatCenti(s.max) }]),
  );
}

/** A candidate's result as administrators see it (ID number masked even here; the Excel export has it whole). */
@ApiExtraModels(SubtotalDto)
export class CandidateResultDto {
  @ApiProperty() technicianId!: number;
  @ApiProperty() agencyId!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '37*************23X' }) maskedIdNumber!: string;
  @ApiProperty() discipline!: string;
  @ApiProperty() disciplineName!: string;
  @ApiProperty({ nullable: true, type: String }) ticketNumber!: string | null;
  @ApiProperty({ nullable: true, type: Number }) attemptId!: number | null;
  @ApiProperty({ enum: ['graded', 'voided', 'absent', 'pending', 'unplaced'] }) standing!: ResultStanding;
  @ApiProperty({ nullable: true, type: String, description: '登记缺考时填写的原因' })
  absenceReason!: string | null;
  @ApiProperty({ example: '85.50', description: '百分制成绩，两位小数' }) score!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: '专家库候选（≥ 设定分数）' }) expert!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/SubtotalDto' } })
  bySection!: Record<string, SubtotalDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/SubtotalDto' } })
  byPart!: Record<string, SubtotalDto>;
  @ApiProperty() revision!: number;
}

export function toCandidateResultDto(r: CandidateResult): CandidateResultDto {
  return {
    technicianId: r.technicianId,
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    name: r.name,
    maskedIdNumber: maskIdNumber(r.idNumber),
    discipline: r.discipline,
    disciplineName: disciplineName(r.discipline),
    ticketNumber: r.ticketNumber,
    attemptId: r.attemptId,
    standing: r.standing,
    absenceReason: r.absenceReason,
    score: formatCenti(r.score100),
    passed: r.passed,
    expert: r.expert,
    bySection: toSubtotals(r.bySection),
    byPart: toSubtotals(r.byPart),
    revision: r.revision,
  };
}

export class ResultListsDto {
  @ApiProperty({ example: '90.00', description: '专家库候选分数线' }) expertThreshold!: string;
  @ApiProperty({ description: '尚未完成的考生数（不计入名单）' }) pending!: number;
  @ApiProperty({ type: [CandidateResultDto], description: '不合格名单（低于及格线、作废、缺考）' })
  failed!: CandidateResultDto[];
  @ApiProperty({ type: [CandidateResultDto], description: '专家库候选名单' }) experts!: CandidateResultDto[];
  @ApiProperty({ type: [AgencyComponentDto], description: '机构按抽考得分排序' })
  agencies!: AgencyComponentDto[];
}
