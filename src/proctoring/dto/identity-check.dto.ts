import { ApiProperty } from '@nestjs/swagger';

/** What the proctor's identity check shows: the full ID number (audited) and the photo, if the roster had one. */
export class IdentityCheckDto {
  @ApiProperty() sittingCandidateId!: number;
  @ApiProperty({ description: '座位号' }) seat!: number;
  @ApiProperty({ description: '姓名' }) name!: string;
  @ApiProperty({ description: '居民身份证号码（完整，仅本场监考员与管理员可见，每次查看记入审计日志）' })
  idNumber!: string;
  @ApiProperty({ description: '准考证号' }) ticketNumber!: string;
  @ApiProperty({ description: '所在机构' }) agencyName!: string;
  @ApiProperty({ description: '专业' }) discipline!: string;
  @ApiProperty({
    description: 'A photo as a data URL; always null today: the roster keeps no photos',
    nullable: true,
    type: String,
  })
  photo!: string | null;
  @ApiProperty({ description: 'Why there is no photo', nullable: true, type: String })
  photoNote!: string | null;
}
