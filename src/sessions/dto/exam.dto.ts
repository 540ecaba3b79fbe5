import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import { illFormedTextPath } from '../../common/well-formed-text.pipe';
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

  @ApiPropertyOptional({
    description:
      'The random id the exam page keeps in this browser: while an attempt is in progress, a sign-in from another device waits for the proctor (再次入场)',
    example: '6f1c0a7e-0d7b-4f7e-9a51-2f0f3c1d9b11',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{8,64}$/, { message: '设备标识须为 8–64 位字母、数字或连字符' })
  deviceId?: string;
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

type DetailType = 'number' | 'string' | 'boolean';

/**
 * What each kind of report may carry in `details`: a few flat fields, never free text of any size (the
 * proctor's pages list these). Unknown fields are refused, like unknown properties elsewhere.
 */
export const EVENT_DETAIL_FIELDS: Record<CandidateEventKind, Record<string, DetailType>> = {
  'fullscreen-exit': { durationMs: 'number', trigger: 'string' },
  'fullscreen-enter': { durationMs: 'number', trigger: 'string' },
  blur: { durationMs: 'number' },
  focus: { durationMs: 'number' },
  'visibility-hidden': { durationMs: 'number' },
  'visibility-visible': { durationMs: 'number' },
  paste: { length: 'number' },
  offline: { durationMs: 'number', pending: 'number' },
  online: { durationMs: 'number', pending: 'number' },
};

/** The most `details` may take as JSON text (bytes, UTF-8). */
export const EVENT_DETAILS_MAX_BYTES = 2048;
/** The longest string value in `details`. */
export const EVENT_DETAIL_STRING_MAX = 200;

/** Why `details` does not fit the kind's schema, or null when it does. */
export function eventDetailsProblem(kind: unknown, details: unknown): string | null {
  if (details === undefined || details === null) {
    return null;
  }
  if (typeof details !== 'object' || Array.isArray(details)) {
    return 'details 须为对象';
  }
  // Socket reports do not pass the HTTP pipes, so the Unicode rule is applied here as well.
  const illFormed = illFormedTextPath(details, 'details');
  if (illFormed) {
    return `${illFormed} 含有无效的 Unicode 字符`;
  }
  if (Buffer.byteLength(JSON.stringify(details), 'utf8') > EVENT_DETAILS_MAX_BYTES) {
    return `details 不能超过 ${EVENT_DETAILS_MAX_BYTES} 字节`;
  }
  const fields = (EVENT_DETAIL_FIELDS as Record<string, Record<string, DetailType>>)[String(kind)];
  if (!fields) {
    return null; // the kind itself is refused by its own rule
  }
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    const type = fields[key];
    if (!type) {
      const allowed = Object.keys(fields);
      return `details.${key} 不是“${kind}”事件的字段（允许：${allowed.length ? allowed.join('、') : '无'}）`;
    }
    if (
      type === 'number' &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e9)
    ) {
      return `details.${key} 须为 0 到 1000000000 之间的数`;
    }
    if (type === 'string' && !(typeof value === 'string' && value.length <= EVENT_DETAIL_STRING_MAX)) {
      return `details.${key} 须为不超过 ${EVENT_DETAIL_STRING_MAX} 个字符的文本`;
    }
    if (type === 'boolean' && typeof value !== 'boolean') {
      return `details.${key} 须为 true 或 false`;
    }
  }
  return null;
}

/** `details` fits the schema of the report's kind (see EVENT_DETAIL_FIELDS). */
function FitsEventKind(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'fitsEventKind',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          eventDetailsProblem((args.object as { kind?: unknown }).kind, value) === null,
        defaultMessage: (args: ValidationArguments) =>
          eventDetailsProblem((args.object as { kind?: unknown }).kind, args.value) ?? 'details 不正确',
      },
    });
}

export class ReportEventDto {
  @ApiProperty({ enum: CANDIDATE_EVENT_KINDS })
  @IsIn(CANDIDATE_EVENT_KINDS, { message: `kind 须为以下之一：${CANDIDATE_EVENT_KINDS.join('、')}` })
  kind!: CandidateEventKind;

  @ApiPropertyOptional({ description: "The browser's time (ISO)" })
  @IsOptional()
  @IsISO8601()
  clientTime?: string;

  @ApiPropertyOptional({
    type: Object,
    description: `A few flat fields per kind (see EVENT_DETAIL_FIELDS), at most ${EVENT_DETAILS_MAX_BYTES} bytes`,
  })
  @IsOptional()
  @FitsEventKind()
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
