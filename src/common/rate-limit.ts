import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';

/** The named rate limits (configured in AppModule from LOGIN_RATE_LIMIT and LOOKUP_RATE_LIMIT). */
export type RateLimitName = 'login' | 'lookup';
const ALL: RateLimitName[] = ['login', 'lookup'];

/** Applies one named limit to a route (per client IP, per minute); the other limits are skipped. */
export const RateLimited = (name: RateLimitName): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    SkipThrottle(Object.fromEntries(ALL.filter((n) => n !== name).map((n) => [n, true]))),
  );
