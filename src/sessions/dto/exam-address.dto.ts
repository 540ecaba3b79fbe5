import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { ExamAddressSource } from '../exam-address';

export class UpdateExamAddressDto {
  @ApiProperty({
    description: '考生登录的考试地址，如 http://192.168.1.10:3000/exam；空字符串表示恢复默认',
    example: 'http://192.168.1.10:3000/exam',
  })
  @IsString()
  @MaxLength(1000)
  examAddress!: string;
}

export class ExamAddressResponseDto {
  @ApiProperty({ description: '考生现在使用的地址（准考证上印的、二维码打开的）' })
  url!: string;

  @ApiProperty({
    enum: ['settings', 'environment', 'browser'],
    description: 'settings：系统设置；environment：EXAM_LOGIN_URL；browser：当前浏览器访问的地址',
  })
  source!: ExamAddressSource;

  @ApiPropertyOptional({ description: '只能在服务器本机打开时的提醒' })
  warning?: string;

  @ApiProperty({ nullable: true, type: String, description: '系统设置中保存的地址；未设置为 null' })
  stored!: string | null;

  @ApiProperty({ nullable: true, type: String, description: '环境变量 EXAM_LOGIN_URL（初始默认）' })
  environmentDefault!: string | null;

  @ApiProperty({ nullable: true, type: String })
  updatedBy!: string | null;

  @ApiProperty({ nullable: true, type: String })
  updatedAt!: string | null;
}
