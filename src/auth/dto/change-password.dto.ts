import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** One's own password: the current one proves it is the account holder at the keyboard. */
export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: '请填写当前密码' })
  @Length(1, 256, { message: '请填写当前密码' })
  currentPassword!: string;

  /** The users page's rule for passwords. */
  @ApiProperty({ minLength: 8 })
  @IsString({ message: '请填写新密码' })
  @Length(8, 128, { message: '新密码长度须为 8–128 位' })
  newPassword!: string;
}
