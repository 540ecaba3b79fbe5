import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

export class ScoringSettingsDto {
  @ApiProperty({ example: 90, description: '专家库候选分数线（百分制，最多两位小数）' })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'expertThreshold：须为最多两位小数的数字' })
  @Min(0)
  @Max(100)
  expertThreshold!: number;
}
