import { IsInt, Max, Min } from 'class-validator';

/** `sitting.watch` and `sitting.unwatch` on the proctor's socket. */
export class SocketSittingRefDto {
  @IsInt({ message: 'sittingId 须为正整数' })
  @Min(1, { message: 'sittingId 须为正整数' })
  @Max(2_147_483_647, { message: 'sittingId 超出范围' })
  sittingId!: number;
}
