import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { Technician } from '../technician.entity';
import { DISCIPLINE_CODES, IsIdNumber, queryBool, trim, upper } from './roster-validators';

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export class CreateTechnicianDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  agencyId!: number;

  @ApiProperty({ example: '张三' })
  @Transform(trim)
  @IsString()
  @Length(1, 32)
  @Matches(NO_CONTROL, { message: 'name 不得含有控制字符' })
  name!: string;

  @ApiProperty({ description: '居民身份证号码（18 位，GB 11643 校验）', example: '11010519491231002X' })
  @Transform(upper)
  @IsIdNumber()
  idNumber!: string;

  @ApiProperty({ enum: DISCIPLINE_CODES, description: '专业代码' })
  @IsIn(DISCIPLINE_CODES, { message: `discipline 须为以下之一：${DISCIPLINE_CODES.join(', ')}` })
  discipline!: string;

  @ApiPropertyOptional({ type: [String], example: ['注册安全工程师'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  certificates?: string[];

  @ApiPropertyOptional({ default: true, description: '是否专职' })
  @IsOptional()
  @IsBoolean()
  fullTime?: boolean;

  @ApiPropertyOptional({ default: true, description: '在职' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A technician's agency and ID number identify the record and cannot change (add a record instead). */
export class UpdateTechnicianDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 32)
  @Matches(NO_CONTROL, { message: 'name 不得含有控制字符' })
  name?: string;

  @ApiPropertyOptional({ enum: DISCIPLINE_CODES })
  @IsOptional()
  @IsIn(DISCIPLINE_CODES, { message: `discipline 须为以下之一：${DISCIPLINE_CODES.join(', ')}` })
  discipline?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  certificates?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  fullTime?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListTechniciansQueryDto {
  @ApiPropertyOptional({ description: '按姓名或身份证号码搜索' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  agencyId?: number;

  @ApiPropertyOptional({ enum: DISCIPLINE_CODES })
  @IsOptional()
  @IsIn(DISCIPLINE_CODES)
  discipline?: string;

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

export class TechnicianResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty() agencyId!: number;
  @ApiProperty() name!: string;
  @ApiProperty() idNumber!: string;
  @ApiProperty({ description: '专业代码' }) discipline!: string;
  @ApiProperty({ type: [String] }) certificates!: string[];
  @ApiProperty() fullTime!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class TechnicianListResponseDto {
  @ApiProperty({ type: [TechnicianResponseDto] }) items!: TechnicianResponseDto[];
  @ApiProperty() total!: number;
}

export function toTechnicianResponse(t: Technician): TechnicianResponseDto {
  return {
    id: t.id,
    agencyId: t.agencyId,
    name: t.name,
    idNumber: t.idNumber,
    discipline: t.discipline,
    certificates: t.certificates,
    fullTime: t.fullTime,
    active: t.active,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
