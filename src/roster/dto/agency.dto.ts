import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Agency } from '../agency.entity';
import { IsUscc, queryBool, trim, upper } from './roster-validators';

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export class CreateAgencyDto {
  @ApiProperty({ description: '统一社会信用代码（18 位，GB 32100 校验）', example: '91371302MA3C0000X0' })
  @Transform(upper)
  @IsUscc()
  code!: string;

  @ApiProperty({ example: '临沂示例安全技术服务有限公司' })
  @Transform(trim)
  @IsString()
  @Length(1, 128)
  @Matches(NO_CONTROL, { message: 'name 不得含有控制字符' })
  name!: string;

  @ApiProperty({ description: '所在区县（须在配置的区县列表中）', example: '兰山区' })
  @Transform(trim)
  @IsString()
  @Length(1, 32)
  county!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  contactName?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  contactPhone?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** The code identifies the agency and cannot change; every other field may. */
export class UpdateAgencyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 128)
  @Matches(NO_CONTROL, { message: 'name 不得含有控制字符' })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 32)
  county?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  contactName?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  contactPhone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListAgenciesQueryDto {
  @ApiPropertyOptional({ description: '按名称或统一社会信用代码搜索' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 32)
  county?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBool)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
}

export class AgencyResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: '统一社会信用代码' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() county!: string;
  @ApiProperty({ nullable: true, type: String }) contactName!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AgencyListResponseDto {
  @ApiProperty({ type: [AgencyResponseDto] }) items!: AgencyResponseDto[];
  @ApiProperty() total!: number;
}

/** Active technicians of one agency by discipline (the agency's N before a snapshot). */
export class AgencyCountsDto {
  @ApiProperty() agencyId!: number;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() county!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: '在职技术人员总数' }) total!: number;
  @ApiProperty({
    description: '专业代码 → 在职人数',
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  byDiscipline!: Record<string, number>;
}

export function toAgencyResponse(a: Agency): AgencyResponseDto {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    county: a.county,
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    active: a.active,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
