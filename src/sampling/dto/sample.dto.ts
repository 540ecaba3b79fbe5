import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min } from 'class-validator';

/** Per agency: N, k, how many are in the sample now, and whether it is short. */
export class AgencyFiguresDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() county!: string;
  @ApiProperty({ description: '快照中的技术人员数 N' }) n!: number;
  @ApiProperty({ description: '应抽人数 k = ceil(比例 × N)' }) k!: number;
  @ApiProperty({ description: '当前抽考名单人数（含递补）' }) drawn!: number;
  @ApiProperty({ description: '已请假（免考）人数' }) excused!: number;
  @ApiProperty({ description: '剩余可递补人数' }) substitutesLeft!: number;
  @ApiProperty({ description: '当前人数不足 k' }) short!: boolean;
  @ApiProperty({ description: 'N = 0：该机构无技术人员，本项不计分' }) noTechnicians!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: '各专业抽取人数（抽取时）',
  })
  allocation!: Record<string, number>;
}

export class SampledTechnicianDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty() technicianId!: number;
  @ApiProperty() technicianKey!: string;
  @ApiProperty() agencyId!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty() name!: string;
  @ApiProperty() idNumber!: string;
  @ApiProperty() discipline!: string;
  @ApiProperty({ enum: ['drawn', 'substitute'] }) via!: 'drawn' | 'substitute';
}

export class ExcuseTechnicianDto {
  @ApiProperty({ description: '被抽中的技术人员（名册中的 id）' })
  @IsInt()
  @Min(1)
  technicianId!: number;

  @ApiProperty({ example: '病假' })
  @IsString()
  @Length(1, 255)
  reason!: string;

  @ApiProperty({ example: '临沂市人民医院诊断证明（编号 2026-0301），经机构负责人签字确认' })
  @IsString()
  @Length(2, 2000)
  evidence!: string;
}

export class ExcusalResultDto {
  @ApiProperty() excusedTechnicianId!: number;
  @ApiProperty({ nullable: true, type: Number, description: '递补人员；无人可递补时为空' })
  replacementTechnicianId!: number | null;
  @ApiProperty({ nullable: true, type: String }) replacementKey!: string | null;
  @ApiProperty() agency!: AgencyFiguresDto;
}
