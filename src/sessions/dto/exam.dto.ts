import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsISO8601, IsObject, IsOptional, Matches, Max, Min } from 'class-validator';
import { CANDIDATE_EVENT_KINDS, CandidateEventKind } from '../../proctoring/event-kinds';
import type { AnswerValue } from '../../question-bank/question-type';

export class CandidateLoginDto {
  @ApiProperty({ description: '准考证号', example: '0001000100013' })
  @Matches(/^\s*\d{13,20}\s*$/, { message: '准考证号须为 13 位以上数字' })
  ticketNumber!: string;

  @ApiProperty({ description: '居民身份证号码', example: '37130219800101001X' })
  @Matches(/^\s*\d{17}[\dXx]\s*$/, { message: '身份证号须为 18 位' })
  idNumber!: string;

  @ApiProperty({ description: '监考员现场公布的入场码', example: '428913' })
  @Matches(/^\s*\d{6}\s*$/, { message: '入场码须为 6 位数字' })
  accessCode!: string;
}

export class CandidateLoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'seconds' }) expiresIn!: number;
  @ApiProperty({ description: '服务器时间 (ISO)' }) serverTime!: string;
  @ApiProperty({
    description: 'The socket namespace to connect to, websocket transport only',
    example: '/exam',
  })
  socketNamespace!: string;
  @ApiProperty({ description: 'The exam state (see ExamState)', type: Object }) state!: object;
}

export class SaveAnswerDto {
  @ApiProperty() @IsInt() @Min(1) questionId!: number;

  @ApiProperty({
    description: 'true/false (判断), "B" (单选), ["A","C"] (多选), or null to clear',
    nullable: true,
    oneOf: [{ type: 'boolean' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @IsDefined({ message: 'response 不能缺省（清除作答请传 null）' })
  response!: AnswerValue | null;

  @ApiProperty({ description: 'Per-question counter, raised at every change' })
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  revision!: number;
}

export class ReportEventDto {
  @ApiProperty({ enum: CANDIDATE_EVENT_KINDS })
  @IsIn(CANDIDATE_EVENT_KINDS)
  kind!: CandidateEventKind;

  @ApiPropertyOptional({ description: "The browser's time (ISO)" })
  @IsOptional()
  @IsISO8601()
  clientTime?: string;

  @ApiPropertyOptional({ type: Object })
  @IsOptional()
  @IsObject()
  details?: Record<string, string | number | boolean>;
}

export class AnswerAckDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ nullable: true }) questionId!: number | null;
  @ApiPropertyOptional() revision?: number;
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiProperty() serverTime!: string;
  @ApiProperty({ nullable: true }) deadline!: string | null;
}
