import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PROCTOR_ACTIONS, ProctorAction } from '../event-kinds';

export class ProctorActionDto {
  @ApiProperty({
    enum: PROCTOR_ACTIONS,
    description:
      'admit 准许入场, warn 警告, extend 延时, force-submit 强制收卷, void 作废（作弊）, readmit 重新准入',
  })
  @IsIn(PROCTOR_ACTIONS)
  action!: ProctorAction;

  @ApiProperty({ description: '理由（必填，记入审计日志）', example: '核验身份证无误' })
  @IsString()
  @Length(2, 500, { message: '理由须为 2–500 个字' })
  reason!: string;

  @ApiPropertyOptional({ description: 'warn: the text shown to the candidate (default: the reason)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  message?: string;

  @ApiPropertyOptional({ description: 'extend, readmit: seconds added', example: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7200)
  seconds?: number;
}

export class SocketProctorActionDto extends ProctorActionDto {
  @ApiProperty() @IsInt() @Min(1) sittingId!: number;
  @ApiProperty() @IsInt() @Min(1) sittingCandidateId!: number;
}

export class AdmitAllDto {
  @ApiProperty({ example: '已逐一核验身份' })
  @IsString()
  @Length(2, 500, { message: '理由须为 2–500 个字' })
  reason!: string;

  @ApiPropertyOptional({ description: 'Also admit candidates who have not signed in yet (default false)' })
  @IsOptional()
  @IsBoolean()
  includeNotLoggedIn?: boolean;
}

export class SocketAdmitAllDto extends AdmitAllDto {
  @ApiProperty() @IsInt() @Min(1) sittingId!: number;
}
