import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { normalizeIp } from './throttler-ip';
import type { SessionsSettings } from './sessions.settings';

export const CANDIDATE_LOGIN_THROTTLE = Symbol('CANDIDATE_LOGIN_THROTTLE');

/**
 * Two limits on candidate logins: per IP, generous (a whole exam room shares one NAT address), and per
 * admission ticket, strict (guessing one candidate's ID number or the access code).
 */
export function candidateLoginThrottle(s: SessionsSettings): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: 'candidate-ip',
        ttl: 60_000,
        limit: s.CANDIDATE_LOGIN_IP_LIMIT,
        getTracker: (req) => normalizeIp(String(req.ip ?? '')),
      },
      {
        name: 'candidate-ticket',
        ttl: 60_000,
        limit: s.CANDIDATE_LOGIN_TICKET_LIMIT,
        getTracker: (req) => {
          const ticket = (req.body as { ticketNumber?: unknown } | undefined)?.ticketNumber;
          return `ticket:${typeof ticket === 'string' ? ticket.trim().slice(0, 32) : ''}`;
        },
      },
    ],
  };
}

@Injectable()
export class CandidateLoginThrottlerGuard extends ThrottlerGuard {
  constructor(
    @Inject(CANDIDATE_LOGIN_THROTTLE) options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
  ) {
    super(options, storage, reflector);
  }
}
