import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../common/actor';
import { IS_PUBLIC, ROLES } from '../common/decorators';
import type { Role } from './role';
import { StaffAccessService } from './staff-access.service';
import { actorFromPayload, TokenPayload } from './token';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows who may
 * call it. Routes without @Roles() admit staff only, so a candidate token reaches nothing by accident.
 * A staff token must also still match its account (active, same token version and role), so deactivation, a
 * password change or a role change takes effect on the next request (see StaffAccessService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly access: StaffAccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') {
      return true;
    }
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const req = ctx.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      actor?: Actor;
      claims?: TokenPayload & object;
    }>();
    const claims = this.authenticate(req.headers.authorization);
    if (claims?.kind === 'staff' && !(await this.access.allows(claims))) {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
    const actor = claims ? actorFromPayload(claims) : null;
    if (claims && actor) {
      req.actor = actor;
      req.claims = claims;
    }
    if (isPublic) {
      return true;
    }
    if (!actor) {
      throw new UnauthorizedException('请先登录');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [
      'admin',
      'proctor',
    ];
    const role: Role = actor.kind === 'staff' ? actor.role : 'candidate';
    if (!roles.includes(role)) {
      throw new ForbiddenException('当前账号无权执行此操作');
    }
    return true;
  }

  private authenticate(header: string | undefined): (TokenPayload & object) | null {
    const m = /^Bearer (.+)$/i.exec(header ?? '');
    if (!m) {
      return null;
    }
    try {
      return this.jwt.verify<TokenPayload & object>(m[1]);
    } catch {
      throw new UnauthorizedException('登录已失效，请重新登录');
    }
  }
}
