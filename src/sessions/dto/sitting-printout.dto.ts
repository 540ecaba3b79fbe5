import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SittingResponseDto } from './sitting.dto';

export class PrintoutCandidateDto {
  @ApiProperty() seat!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Full ID number: the proctor checks identity cards against the sheet' })
  idNumber!: string;
  @ApiProperty() ticketNumber!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ description: 'The discipline as the bureau names it' }) discipline!: string;
}

/** What the sign-in sheet (签到表) and the seating plan (座位表) of a sitting print. */
export class SittingPrintoutDto {
  @ApiProperty() organiser!: string;
  @ApiProperty({ type: SittingResponseDto }) sitting!: SittingResponseDto;
  @ApiProperty({ type: [PrintoutCandidateDto] }) candidates!: PrintoutCandidateDto[];
}

export const PRINTOUT_KINDS = ['sign-in', 'seating'] as const;
export type PrintoutKind = (typeof PRINTOUT_KINDS)[number];

export class PrintoutQueryDto {
  @ApiProperty({ enum: PRINTOUT_KINDS, description: 'sign-in: 签到表; seating: 座位表' })
  @IsIn(PRINTOUT_KINDS)
  kind!: PrintoutKind;
}
