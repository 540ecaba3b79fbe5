import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Actor } from '../common/actor';
import type { CandidateSession } from './attempts.service';
import { epochOfBearer } from './candidate-auth.service';

/**
 * The candidate's login on an HTTP route guarded with @Roles('candidate'): the AuthGuard has verified the
 * token; this adds the login epoch it carries, which the services compare with the newest login.
 */
export const CurrentCandidate = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CandidateSession => {
    const req = ctx
      .switchToHttp()
      .getRequest<{ actor?: Actor; headers: Record<string, string | undefined> }>();
    const epoch = epochOfBearer(req.headers.authorization);
    if (req.actor?.kind !== 'candidate' || epoch === null) {
      throw new UnauthorizedException('请使用考生账号登录');
    }
    return { candidateId: req.actor.id, sittingId: req.actor.sittingId, epoch };
  },
);
