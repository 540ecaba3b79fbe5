import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { noticeStateName, NoticeState } from '../notice';
import { OBJECTION_OUTCOMES, Objection, ObjectionOutcome } from '../objection.entity';
import type { PublicationVersion, PublishedRules } from '../publication-version.entity';
import type { Publication } from '../publication.entity';
import type { YearCalendarRow } from '../year-calendar.entity';

export class PublishDto {
  @ApiPropertyOptional({ description: '异议受理方式（公示页面显示）；不填用默认说明' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  objectionInstructions?: string;
}

export class RepublishDto {
  @ApiProperty({ example: '经核查第 3 号异议，更正第 12 题答案后重新评分' })
  @IsString()
  @MinLength(4, { message: 'changeNote：请写明更正说明' })
  @MaxLength(2000)
  changeNote!: string;
}

export class PublicationVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() publishedAt!: Date;
  @ApiProperty() publishedBy!: number;
  @ApiProperty({ nullable: true, type: String }) changeNote!: string | null;
  @ApiProperty() candidates!: number;
  @ApiProperty() agencies!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) rules!: PublishedRules;
}

export class PublicationStateDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty() campaignName!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty() publishedOn!: string;
  @ApiProperty() noticeStart!: string;
  @ApiProperty() noticeEnd!: string;
  @ApiProperty() noticeDays!: number;
  @ApiProperty({ enum: ['in-notice', 'notice-ended', 'final'] }) state!: NoticeState;
  @ApiProperty() stateName!: string;
  @ApiProperty({ nullable: true, type: Date }) finalisedAt!: Date | null;
  @ApiProperty() objectionInstructions!: string;
  @ApiProperty({ type: [PublicationVersionDto] }) versions!: PublicationVersionDto[];
  @ApiProperty({ type: 'object', properties: { open: { type: 'number' }, answered: { type: 'number' } } })
  objections!: { open: number; answered: number };
}

export function toPublicationStateDto(
  p: Publication,
  state: NoticeState,
  versions: PublicationVersion[],
  objections: { open: number; answered: number },
): PublicationStateDto {
  return {
    campaignId: p.campaignId,
    campaignName: p.campaignName,
    currentVersion: p.currentVersion,
    publishedOn: p.publishedOn,
    noticeStart: p.noticeStart,
    noticeEnd: p.noticeEnd,
    noticeDays: p.noticeDays,
    state,
    stateName: noticeStateName(state),
    finalisedAt: p.finalisedAt,
    objectionInstructions: p.objectionInstructions,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedBy,
      changeNote: v.changeNote,
      candidates: v.candidates,
      agencies: v.agencies,
      rules: v.rules,
    })),
    objections,
  };
}

export class ObjectionDto {
  @ApiProperty() id!: number;
  @ApiProperty() campaignId!: number;
  @ApiProperty({ description: '提出时的公示版本' }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty() contact!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ nullable: true, type: String }) target!: string | null;
  @ApiProperty({ enum: ['open', 'answered'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) answer!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: OBJECTION_OUTCOMES }) outcome!: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export function toObjectionDto(o: Objection): ObjectionDto {
  return {
    id: o.id,
    campaignId: o.campaignId,
    version: o.version,
    name: o.name,
    contact: o.contact,
    content: o.content,
    target: o.target,
    status: o.status,
    answer: o.answer,
    outcome: o.outcome,
    answeredAt: o.answeredAt,
    createdAt: o.createdAt,
  };
}

export class ListObjectionsQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'answered'] })
  @IsOptional()
  @IsIn(['open', 'answered'])
  status?: 'open' | 'answered';
}

export class AnswerObjectionDto {
  @ApiProperty({ example: '经核查，该考生第 12 题答案有误，已更正并重新公示' })
  @IsString()
  @MinLength(2, { message: 'answer：请填写答复内容' })
  @MaxLength(5000)
  answer!: string;

  @ApiProperty({ enum: OBJECTION_OUTCOMES, description: 'upheld 异议成立，rejected 不成立，other 其他' })
  @IsIn(OBJECTION_OUTCOMES as string[], { message: 'outcome：须为 upheld、rejected 或 other' })
  outcome!: ObjectionOutcome;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class YearCalendarDto {
  @ApiProperty({ example: ['2027-01-01', '2027-02-08'], description: '落在工作日的法定节假日及调休休息日' })
  @IsArray()
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: 'holidays：日期格式为 YYYY-MM-DD' })
  holidays!: string[];

  @ApiProperty({ example: ['2027-02-06'], description: '落在周末的调休上班日' })
  @IsArray()
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: 'workdays：日期格式为 YYYY-MM-DD' })
  workdays!: string[];
}

export class YearCalendarResponseDto extends YearCalendarDto {
  @ApiProperty() year!: number;
  @ApiProperty() enteredBy!: number;
  @ApiProperty() updatedAt!: Date;
}

export function toYearCalendarDto(r: YearCalendarRow): YearCalendarResponseDto {
  return {
    year: r.year,
    holidays: r.holidays,
    workdays: r.workdays,
    enteredBy: r.enteredBy,
    updatedAt: r.updatedAt,
  };
}

export class NoticePreviewQueryDto {
  @ApiProperty({ example: '2026-09-26', description: '发布日期（北京时间）' })
  @Matches(DATE, { message: 'date：日期格式为 YYYY-MM-DD' })
  date!: string;
}

export class NoticePeriodDto {
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
  @ApiProperty({ type: [String] }) workingDays!: string[];
}

export class LookupLogRowDto {
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ enum: ['id', 'ticket'] }) kind!: string;
  @ApiProperty({ enum: ['found', 'not-found', 'limited'] }) outcome!: string;
  @ApiProperty() ip!: string;
  @ApiProperty({ description: '所填身份的 HMAC（前 16 位），与公示行一致时即为查到的人' }) identity!: string;
}

export class LookupLogDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts!: Record<string, number>;
  @ApiProperty({ type: [LookupLogRowDto] }) recent!: LookupLogRowDto[];
}
