import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RecordAbsenceDto {
  @ApiProperty({ description: '抽中人员（技术人员 id）' })
  @IsInt({ message: '技术人员须为整数 id' })
  @Min(1, { message: '技术人员须为正整数 id' })
  technicianId!: number;

  @ApiProperty({ example: '经通知未到场，未说明理由', description: '缺考原因（必填）' })
  @Transform(trim)
  @IsString({ message: '缺考原因须为文字' })
  @Length(2, 500, { message: '缺考原因须为 2–500 个字' })
  reason!: string;
}

export class WithdrawAbsenceDto {
  @ApiProperty({ example: '误登记，已安排补考场次', description: '撤销原因（必填）' })
  @Transform(trim)
  @IsString({ message: '撤销原因须为文字' })
  @Length(2, 500, { message: '撤销原因须为 2–500 个字' })
  reason!: string;
}

export class RecordedAbsenceDto {
  @ApiProperty() technicianId!: number;
  @ApiProperty({ enum: ['unexcused'] }) kind!: 'unexcused';
  @ApiProperty() reason!: string;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
}
