import { ApiProperty } from '@nestjs/swagger';
import type { AgencyComponentRow } from '../agency-component.entity';
import { formatCenti } from '../component';

export class ComponentInputDto {
  @ApiProperty() technicianId!: number;
  @ApiProperty({ enum: ['graded', 'voided', 'absent'] }) standing!: string;
  @ApiProperty({ example: '85.50' }) score!: string;
}

export class AgencyComponentDto {
  @ApiProperty({ nullable: true, type: Number, description: '名次（并列同名次）' }) rank!: number | null;
  @ApiProperty() agencyId!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty({ nullable: true, type: Number, description: '技术人员数 N' }) rosterSize!: number | null;
  @ApiProperty({ description: '抽考人数 k' }) sampleSize!: number;
  @ApiProperty({ description: '计分人数' }) counted!: number;
  @ApiProperty({ example: '170.00', description: '成绩合计' }) scoreSum!: string;
  @ApiProperty({ nullable: true, type: String, example: '85.00' }) mean!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '17.00', description: '技术人员抽考得分（20 分制）' })
  component!: string | null;
  @ApiProperty({ type: [ComponentInputDto] }) inputs!: ComponentInputDto[];
  @ApiProperty() ruleVersion!: string;
  @ApiProperty() computedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) lockedAt!: Date | null;
}

export function toAgencyComponentDto(a: AgencyComponentRow & { rank?: number | null }): AgencyComponentDto {
  return {
    rank: a.rank ?? null,
    agencyId: a.agencyId,
    agencyName: a.agencyName,
    agencyCode: a.agencyCode,
    rosterSize: a.rosterSize,
    sampleSize: a.sampleSize,
    counted: a.counted,
    scoreSum: formatCenti(a.scoreSum),
    mean: a.mean === null ? null : formatCenti(a.mean),
    component: a.component === null ? null : formatCenti(a.component),
    inputs: a.inputs.map((i) => ({
      technicianId: i.technicianId,
      standing: i.standing,
      score: formatCenti(i.score100),
    })),
    ruleVersion: a.ruleVersion,
    computedAt: a.computedAt,
    lockedAt: a.lockedAt,
  };
}
