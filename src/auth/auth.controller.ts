import { Body, Controller, Get, HttpCode, Ip, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RateLimited } from '../common/rate-limit';
import type { Actor, StaffActor } from '../common/actor';
import { CurrentActor, CurrentClaims, Public, Roles } from '../common/decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto, TokenResponseDto, UserResponseDto } from './dto/login.dto';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimited('login')
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  /** A new token for the current, still valid one (staff consoles call it before theirs expires). */
  @ApiBearerAuth()
  @Roles('admin', 'proctor', 'reviewer', 'inspector')
  @Post('refresh')
  @HttpCode(200)
  refresh(
    @CurrentActor() actor: StaffActor,
    @CurrentClaims() claims: { ver?: number; auth?: number },
  ): Promise<TokenResponseDto> {
    return this.auth.refresh(actor, claims);
  }

  /** One's own password; other sign-ins of the account end, this one continues with the returned token. */
  @ApiBearerAuth()
  @Roles('admin', 'proctor', 'reviewer', 'inspector')
  @RateLimited('login')
  @Post('password')
  @HttpCode(200)
  changePassword(
    @CurrentActor() actor: StaffActor,
    @Body() dto: ChangePasswordDto,
    @Ip() ip: string,
  ): Promise<TokenResponseDto> {
    return this.auth.changeOwnPassword(actor, dto, ip);
  }

  @ApiBearerAuth()
  @Roles('admin', 'proctor', 'reviewer', 'inspector')
  @Get('me')
  me(@CurrentActor() actor: StaffActor): Promise<UserResponseDto> {
    return this.auth.me(actor);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  list(@CurrentActor() actor: Actor): Promise<UserResponseDto[]> {
    return this.auth.listUsers(actor);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.auth.createUser(actor, dto);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    return this.auth.updateUser(actor, id, dto);
  }
}
