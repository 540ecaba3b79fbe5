import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { disciplineName } from '../../config/disciplines';
import { formatCenti } from '../../scoring/component';
import { SubtotalDto, toSubtotals } from '../../scoring/dto/candidate-result.dto';
import type { LookupHit } from '../lookup.service';
import { noticeStateName, NoticeState } from '../notice';
import type { PublicationVersion } from '../publication-version.entity';
import type { Publication } from '../publication.entity';
import type { PublishedAgency } from '../published-agency.entity';
import type { PublishedCandidate, PublishedRemark } from '../published-candidate.entity';

/*
 * Public responses are built field by field from these mappers: a published row also carries hashes,
 * technician ids and component inputs, none of which may leave the server.
 */

const remarkName = (r: PublishedRemark): string | null =>
  r === 'absent' ? '缺考' : r === 'voided' ? '违纪作废' : null;

export class PublishedCampaignDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty({ example: '2026年度分类等级评定' }) campaignName!: string;
  @ApiProperty({ description: '当前公示版本' }) version!: number;
  @ApiProperty() firstPublishedAt!: Date;
  @ApiProperty() lastPublishedAt!: Date;
  @ApiProperty({ example: '2026-06-02', description: '公示期第一天' }) noticeStart!: string;
  @ApiProperty({ example: '2026-06-10', description: '公示期最后一天' }) noticeEnd!: string;
  @ApiProperty({ example: 7, description: '公示期工作日数' }) noticeDays!: number;
  @ApiProperty({ enum: ['in-notice', 'notice-ended', 'final'] }) state!: NoticeState;
  @ApiProperty({ example: '公示中' }) stateName!: string;
}

export function toPublishedCampaignDto(
  p: Publication,
  state: NoticeState,
  lastPublishedAt: Date,
): PublishedCampaignDto {
  return {
    campaignId: p.campaignId,
    campaignName: p.campaignName,
    version: p.currentVersion,
    firstPublishedAt: p.firstPublishedAt,
    lastPublishedAt,
    noticeStart: p.noticeStart,
    noticeEnd: p.noticeEnd,
    noticeDays: p.noticeDays,
    state,
    stateName: noticeStateName(state),
  };
}

export class PublicAgencyRowDto {
  @ApiProperty({ nullable: true, type: Number, description: '名次' }) rank!: number | null;
  @ApiProperty() agencyId!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ nullable: true, type: Number, description: '技术人员总数 N' }) n!: number | null;
  @ApiProperty({ description: '抽考人数 k' }) k!: number;
  @ApiProperty({ nullable: true, type: String, example: '85.00', description: '平均分（百分制）' }) mean!:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: '17.00', description: '技术人员抽考得分（20 分）' })
  component!: string | null;
}

export function toPublicAgencyRow(a: PublishedAgency): PublicAgencyRowDto {
  return {
    rank: a.rank,
    agencyId: a.agencyId,
    agencyName: a.agencyName,
    n: a.rosterSize,
    k: a.sampleSize,
    mean: a.mean === null ? null : formatCenti(a.mean),
    component: a.component === null ? null : formatCenti(a.component),
  };
}

export class PublicVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() publishedAt!: Date;
  @ApiProperty({ nullable: true, type: String, description: '更正说明' }) changeNote!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '本版发布时的审计链头（序号:哈希）' })
  auditHead!: string | null;
}

export class HowToObjectDto {
  @ApiProperty({ description: '当前是否受理异议' }) open!: boolean;
  @ApiProperty({ example: '2026-06-10', description: '受理截止日（含当日）' }) until!: string;
  @ApiProperty() instructions!: string;
}

export class PublicResultsDto extends PublishedCampaignDto {
  @ApiProperty({ type: HowToObjectDto }) howToObject!: HowToObjectDto;
  @ApiProperty({ description: '公示人数' }) candidates!: number;
  @ApiProperty({ description: '合格人数' }) passed!: number;
  @ApiProperty({
    example: '机构得分 = 抽考人员平均分 × 20 ÷ 100，四舍五入保留两位小数；作废、无故缺考按 0 分计',
  })
  componentRule!: string;
  @ApiProperty({ type: [PublicVersionDto] }) versions!: PublicVersionDto[];
  @ApiProperty({ type: [PublicAgencyRowDto] }) agencies!: PublicAgencyRowDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: '当前版本发布时的审计链头（序号:哈希），公众留存以便日后核对审计记录未被删改',
  })
  auditHead!: string | null;
}

export const COMPONENT_RULE_TEXT =
  '机构技术人员抽考得分 = 该机构抽考人员成绩平均分 × 20 ÷ 100，四舍五入保留两位小数；考试作废和无故缺考的按 0 分计入，请假人员按抽取顺序递补。';

export function toPublicResultsDto(s: {
  publication: Publication;
  state: NoticeState;
  versions: PublicationVersion[];
  agencies: PublishedAgency[];
  counts: { candidates: number; passed: number };
}): PublicResultsDto {
  const last = s.versions[s.versions.length - 1]?.publishedAt ?? s.publication.firstPublishedAt;
  return {
    ...toPublishedCampaignDto(s.publication, s.state, last),
    howToObject: {
      open: s.state === 'in-notice',
      until: s.publication.noticeEnd,
      instructions: s.publication.objectionInstructions,
    },
    candidates: s.counts.candidates,
    passed: s.counts.passed,
    componentRule: COMPONENT_RULE_TEXT,
    versions: s.versions.map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      changeNote: v.changeNote,
      auditHead: v.auditHead,
    })),
    agencies: s.agencies.map(toPublicAgencyRow),
    auditHead: s.versions.find((v) => v.version === s.publication.currentVersion)?.auditHead ?? null,
  };
}

export class ListPublicCandidatesQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) agencyId?: number;
  @ApiPropertyOptional({ example: 'hazardous-chemicals' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  discipline?: string;
}

export class PublicCandidateRowDto {
  @ApiProperty({ description: '序号' }) seq!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ example: '张*三', description: '姓名（脱敏）' }) maskedName!: string;
  @ApiProperty() discipline!: string;
  @ApiProperty({ example: '危险化学品' }) disciplineName!: string;
  @ApiProperty({ example: '85.50' }) score!: string;
  @ApiProperty({ enum: ['合格', '不合格'] }) result!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['缺考', '违纪作废'] }) remark!: string | null;
}

export function toPublicCandidateRow(c: PublishedCandidate): PublicCandidateRowDto {
  return {
    seq: c.seq,
    agencyName: c.agencyName,
    maskedName: c.maskedName,
    discipline: c.discipline,
    disciplineName: disciplineName(c.discipline),
    score: formatCenti(c.score100),
    result: c.passed ? '合格' : '不合格',
    remark: remarkName(c.remark),
  };
}

export class PublicCandidatePageDto {
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [PublicCandidateRowDto] }) rows!: PublicCandidateRowDto[];
}

/** Name and exactly one of ID number or admission-ticket number. */
export class LookupDto {
  @ApiProperty({ example: '张三' })
  @IsString()
  @MinLength(1, { message: 'name：请填写姓名' })
  @MaxLength(64)
  name!: string;

  @ApiPropertyOptional({ example: '37130219900101123X', description: '居民身份证号码（与准考证号二选一）' })
  @ValidateIf((o: LookupDto) => o.ticketNumber === undefined)
  @IsString()
  @Matches(/^\s*\d{17}[\dXx]\s*$/, { message: 'idNumber：请填写 18 位身份证号码，或改填准考证号' })
  idNumber?: string;

  @ApiPropertyOptional({ example: '0001000100017', description: '准考证号（与身份证号二选一）' })
  @ValidateIf((o: LookupDto) => o.idNumber === undefined)
  @IsString()
  @Matches(/^\s*\d{6,32}\s*$/, { message: 'ticketNumber：准考证号为数字' })
  ticketNumber?: string;
}

export class LookupResultDto {
  @ApiProperty() campaignId!: number;
  @ApiProperty() campaignName!: string;
  @ApiProperty({ description: '公示版本' }) version!: number;
  @ApiProperty({ description: '公示名单中的序号' }) seq!: number;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ example: '张*三' }) maskedName!: string;
  @ApiProperty() discipline!: string;
  @ApiProperty() disciplineName!: string;
  @ApiProperty({ example: '85.50' }) score!: string;
  @ApiProperty({ enum: ['合格', '不合格'] }) result!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['缺考', '违纪作废'] }) remark!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/SubtotalDto' },
    description: '分题型得分：judge 判断题、single 单选题、multiple 多选题',
  })
  bySection!: Record<string, SubtotalDto>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/SubtotalDto' },
    description: 'common 公共部分（法律法规）、discipline 专业部分',
  })
  byPart!: Record<string, SubtotalDto>;
}

export function toLookupResultDto(h: LookupHit): LookupResultDto {
  return {
    campaignId: h.campaignId,
    campaignName: h.campaignName,
    version: h.version,
    seq: h.seq,
    agencyName: h.agencyName,
    maskedName: h.maskedName,
    discipline: h.discipline,
    disciplineName: disciplineName(h.discipline),
    score: formatCenti(h.score100),
    result: h.passed ? '合格' : '不合格',
    remark: remarkName(h.remark),
    bySection: toSubtotals(h.breakdown.bySection ?? {}),
    byPart: toSubtotals(h.breakdown.byPart ?? {}),
  };
}

export class FileObjectionDto {
  @ApiProperty({ example: '李四', description: '异议人姓名' })
  @IsString()
  @MinLength(1, { message: 'name：请填写姓名' })
  @MaxLength(64)
  name!: string;

  @ApiProperty({ example: '13800000000', description: '联系方式（电话或邮箱，仅用于答复，不公开）' })
  @IsString()
  @MinLength(5, { message: 'contact：请填写可以联系到您的电话或邮箱' })
  @MaxLength(128)
  contact!: string;

  @ApiProperty({ example: '序号 12 的成绩与本人核对的答题情况不符' })
  @IsString()
  @MinLength(5, { message: 'content：请写明异议内容' })
  @MaxLength(5000)
  content!: string;

  @ApiPropertyOptional({ example: '序号 12', description: '所涉序号、机构等' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  target?: string;
}

export class ObjectionReceiptDto {
  @ApiProperty({ description: '受理编号' }) id!: number;
  @ApiProperty({ description: '受理码：凭此码在公示页查询答复（请妥善保存，不会再次显示）' })
  receiptCode!: string;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty() message!: string;
}

/** What the filer reads of their own objection (no contact, no address, nothing of anyone else). */
export class ObjectionStatusDto {
  @ApiProperty({ description: '受理编号' }) id!: number;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty({ description: '所涉内容（提交时所填）', nullable: true, type: String }) target!:
    string | null;
  @ApiProperty({ enum: ['open', 'answered'] }) status!: string;
  @ApiProperty({ description: '处理中 / 已答复' }) statusName!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['upheld', 'rejected', 'other'] }) outcome!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: '异议成立 / 异议不成立 / 其他' })
  outcomeName!: string | null;
  @ApiProperty({ nullable: true, type: String }) answer!: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
}

export class ObjectionReceiptQueryDto {
  @ApiProperty({ example: 'ABCD-EFGH-JKMN-PQRS' })
  @IsString({ message: '请填写受理码' })
  @Matches(/^[2-9A-Za-z]{4}(-[2-9A-Za-z]{4}){3}$/, { message: '受理码格式为 XXXX-XXXX-XXXX-XXXX' })
  receiptCode!: string;
}
