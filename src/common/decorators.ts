import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../auth/role';
import type { Actor } from './actor';

export const IS_PUBLIC = 'choukao:public';
export const ROLES = 'choukao:roles';

/** No token needed (health, login, public results). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route or controller; without it, any signed-in staff member (never a candidate). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor: Actor }>();
  return req.actor;
});

/** The verified access token's claims (the refresh endpoint needs its version and sign-in time). */
export const CurrentClaims = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Record<string, unknown> => {
    const req = ctx.switchToHttp().getRequest<{ claims?: Record<string, unknown> }>();
    return req.claims ?? {};
  },
);
