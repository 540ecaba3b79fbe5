import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { StaffRole } from '../role';
import { STAFF_ROLES } from '../role';
import type { User } from '../user.entity';
import { UserResponseDto } from './login.dto';

export class CreateUserDto {
  @ApiProperty({ example: 'proctor01' })
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: '用户名须为 3–64 位字母、数字或 _ . -' })
  username!: string;

  @ApiProperty({ example: '王监考' })
  @IsString()
  @Length(1, 64)
  displayName!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 128, { message: '密码长度须为 8–128 位' })
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ minLength: 8 })
  @IsOptional()
  @IsString()
  @Length(8, 128, { message: '密码长度须为 8–128 位' })
  password?: string;
}

export function toUserResponse(u: User): UserResponseDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
  };
}
