import {
  BadRequestException,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, StaffActor } from '../common/actor';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import type { Env } from '../config/env';
import { inTransaction } from '../database/transaction';
import type { ChangePasswordDto } from './dto/change-password.dto';
import { TokenResponseDto } from './dto/login.dto';
import { CreateUserDto, toUserResponse, UpdateUserDto } from './dto/user.dto';
import { staffAccessOf } from './staff-access';
import { StaffAccessService } from './staff-access.service';
import { payloadFromActor } from './token';
import { User } from './user.entity';
import { isUniqueViolation } from '../database/sql';

/** Why a token may not be renewed, or null. */
function refreshRefusal(user: User | null, tokenVersion: number, tooOld: boolean): string | null {
  if (!user) {
    return 'unknown-user';
  }
  if (!user.active) {
    return 'inactive';
  }
  if (tokenVersion !== user.tokenVersion) {
    return 'password-changed';
  }
  return tooOld ? 'session-too-old' : null;
}

/** A hash to verify against when the user does not exist, so both failures take the same time. */
let dummyHash: Promise<string> | null = null;

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly log = new Logger(AuthService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Env, true>,
    private readonly audit: AuditService,
    private readonly access: StaffAccessService,
  ) {}

  /** The first start creates the administrator (password from ADMIN_PASSWORD, else generated and printed once). */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count({ where: { role: 'admin' } })) > 0) {
      return;
    }
    const username = this.config.get('ADMIN_USERNAME', { infer: true });
    const given = this.config.get('ADMIN_PASSWORD', { infer: true });
    const password = given ?? randomBytes(12).toString('base64url');
    try {
      const user = await this.users.save(
        this.users.create({
          username,
          displayName: '系统管理员',
          role: 'admin',
          passwordHash: await argon2.hash(password),
          active: true,
          lastLoginAt: null,
          createdAt: new Date(),
        }),
      );
      await this.audit.record('system', { action: 'user.bootstrap-admin', target: `user:${user.id}` });
    } catch (err) {
      if (isUniqueViolation(err)) {
        return; // another node created it first
      }
      throw err;
    }
    if (given) {
      // main.ts passes a generated password here too, and its start-up banner says which it was.
      this.log.log(`Administrator "${username}" created`);
    } else {
      // Printed once, on the console only, so that the operator can sign in; change it after the first login.
      process.stdout.write(
        `\n  Administrator created: username "${username}", password "${password}"\n  (shown once; change it after signing in)\n\n`,
      );
    }
  }

  async login(username: string, password: string, ip: string): Promise<TokenResponseDto> {
    const user = await this.users.findOne({ where: { username } });
    dummyHash ??= argon2.hash(randomBytes(16).toString('hex'));
    const ok = await argon2.verify(user?.passwordHash ?? (await dummyHash), password);
    if (!user || !ok || !user.active) {
      const reason = !user ? 'unknown-user' : !ok ? 'bad-password' : 'inactive';
      this.log.warn({ event: 'login.failed', username, ip, reason });
      // The name as typed and the address, never the password.
      await this.audit.record('anonymous', {
        action: 'auth.login-failed',
        target: user ? `user:${user.id}` : 'user:unknown',
        details: { username, ip, reason },
      });
      throw new UnauthorizedException('用户名或密码错误');
    }
    user.lastLoginAt = new Date();
    await this.users.update(user.id, { lastLoginAt: user.lastLoginAt });
    await this.audit.record(
      { kind: 'staff', id: user.id, username: user.username, role: user.role },
      { action: 'auth.login', target: `user:${user.id}`, details: { ip } },
    );
    return this.issue(user, Math.floor(user.lastLoginAt.getTime() / 1000));
  }

  /**
   * A fresh token for a still-valid one, so that a console open for a whole sitting stays signed in. Refused when
   * the account was deactivated, its password changed since, or the sign-in is older than STAFF_SESSION_MAX_HOURS.
   */
  async refresh(actor: StaffActor, claims: { ver?: number; auth?: number }): Promise<TokenResponseDto> {
    const user = await this.users.findOne({ where: { id: actor.id } });
    const authAt = claims.auth ?? 0;
    const maxAge = this.config.get('STAFF_SESSION_MAX_HOURS', { infer: true }) * 3600;
    const reason = refreshRefusal(user, claims.ver ?? 0, Date.now() / 1000 - authAt > maxAge);
    if (!user || reason) {
      this.log.warn({ event: 'refresh.refused', userId: actor.id, reason });
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    return this.issue(user, authAt);
  }

  private issue(user: User, authAt: number): TokenResponseDto {
    const actor: StaffActor = { kind: 'staff', id: user.id, username: user.username, role: user.role };
    const expiresIn = this.config.get('JWT_TTL_SECONDS', { infer: true });
    const payload = { ...payloadFromActor(actor), ver: user.tokenVersion, auth: authAt };
    return {
      accessToken: this.jwt.sign(payload, { expiresIn }),
      expiresIn,
      user: toUserResponse(user),
    };
  }

  /**
   * One's own password, for every staff role. The current password is checked first (a wrong one is audited
   * like a failed sign-in); the token version is raised so that every other sign-in of the account ends, and
   * the caller gets a fresh token so that this one continues.
   */
  async changeOwnPassword(actor: StaffActor, dto: ChangePasswordDto, ip: string): Promise<TokenResponseDto> {
    const user = await this.users.findOne({ where: { id: actor.id } });
    if (!user || !user.active) {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    if (!(await argon2.verify(user.passwordHash, dto.currentPassword))) {
      await this.audit.record(actor, {
        action: 'auth.password-change-failed',
        target: `user:${user.id}`,
        details: { ip, reason: 'bad-password' },
      });
      throw new BadRequestException('当前密码不正确');
    }
    if (dto.currentPassword === dto.newPassword) {
      throw new BadRequestException('新密码不能与当前密码相同');
    }
    const before = staffAccessOf(user);
    const saved = await inTransaction(this.users.manager.connection, async (m) => {
      user.passwordHash = await argon2.hash(dto.newPassword);
      user.tokenVersion += 1;
      await m.save(user);
      await this.audit.record(
        actor,
        {
          action: 'auth.password-change',
          target: `user:${user.id}`,
          details: { ip, tokenVersion: user.tokenVersion },
        },
        m,
      );
      return user;
    });
    await this.access.changed(before, saved);
    return this.issue(saved, Math.floor(Date.now() / 1000));
  }

  async me(actor: StaffActor) {
    const user = await this.users.findOne({ where: { id: actor.id } });
    if (!user) {
      throw new NotFoundError('用户', actor.id);
    }
    return toUserResponse(user);
  }

  async listUsers(actor: Actor) {
    assertAdmin(actor);
    return (await this.users.find({ order: { id: 'ASC' } })).map(toUserResponse);
  }

  async createUser(actor: Actor, dto: CreateUserDto) {
    assertAdmin(actor);
    if (await this.users.exists({ where: { username: dto.username } })) {
      throw new ConflictError(`用户名已存在：${dto.username}`);
    }
    return inTransaction(this.users.manager.connection, async (m) => {
      const user = await m.save(
        m.create(User, {
          username: dto.username,
          displayName: dto.displayName,
          role: dto.role,
          passwordHash: await argon2.hash(dto.password),
          active: true,
          lastLoginAt: null,
          createdAt: new Date(),
        }),
      );
      await this.audit.record(
        actor,
        {
          action: 'user.create',
          target: `user:${user.id}`,
          details: { username: user.username, role: user.role },
        },
        m,
      );
      return toUserResponse(user);
    });
  }

  /**
   * Deactivation, a password change and a role change raise the token version, so that the account's existing
   * tokens stop acting on their next request and its open sockets close (reactivating does not revive them).
   */
  async updateUser(actor: Actor, id: number, dto: UpdateUserDto) {
    assertAdmin(actor);
    const user = await this.users.findOne({ where: { id } });
    if (!user) {
      throw new NotFoundError('用户', id);
    }
    if (actor.kind === 'staff' && actor.id === id && dto.active === false) {
      throw new ConflictError('不能停用自己的账号');
    }
    if (actor.kind === 'staff' && actor.id === id && dto.role !== undefined && dto.role !== user.role) {
      throw new ConflictError('不能更改自己的角色');
    }
    const before = staffAccessOf(user);
    const deactivated = dto.active === false && user.active;
    const roleChanged = dto.role !== undefined && dto.role !== user.role;
    const saved = await inTransaction(this.users.manager.connection, async (m) => {
      if (dto.displayName !== undefined) {
        user.displayName = dto.displayName;
      }
      if (dto.active !== undefined) {
        user.active = dto.active;
      }
      if (dto.role !== undefined) {
        user.role = dto.role;
      }
      if (dto.password !== undefined) {
        user.passwordHash = await argon2.hash(dto.password);
      }
      if (dto.password !== undefined || deactivated || roleChanged) {
        user.tokenVersion += 1;
      }
      await m.save(user);
      await this.audit.record(
        actor,
        {
          action: 'user.update',
          target: `user:${id}`,
          details: {
            displayName: dto.displayName,
            active: dto.active,
            role: dto.role,
            passwordChanged: dto.password !== undefined,
            tokenVersion: user.tokenVersion,
          },
        },
        m,
      );
      return user;
    });
    // After the commit: the new state is what every node must see from now on.
    await this.access.changed(before, saved);
    return toUserResponse(saved);
  }
}
