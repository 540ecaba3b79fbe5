import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/decorators';
import { DbClock } from '../sessions/db-clock';
import { DeadlineSweeper } from '../sessions/deadline-sweeper';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly clock: DbClock,
    private readonly sweeper: DeadlineSweeper,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers, and this node's clock is within CLOCK_SKEW_MAX_MS of the database's
   * (the measured skew is in the answer either way). Attempts past their deadline and not yet submitted are
   * reported as `degraded` (the node still serves).
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      () => {
        const s = this.clock.status();
        const check = this.indicators.check('clock');
        const data = {
          skewMs: s.skewMs,
          boundMs: s.boundMs,
          rttMs: s.rttMs,
          measuredAt: s.measuredAt,
          ...(s.error ? { error: s.error } : {}),
          ...(s.skewMs === null
            ? { message: '尚未测得与数据库的时钟差' }
            : !s.ok
              ? { message: `本节点时钟与数据库相差 ${s.skewMs} ms，超过允许的 ${s.boundMs} ms` }
              : {}),
        };
        return s.ok ? check.up(data) : check.down(data);
      },
      () => {
        const n = this.sweeper.lastOverdueCount;
        const check = this.indicators.check('deadlines');
        return n > 0
          ? check.degraded({ overdueAttempts: n, message: `${n} 份答卷已过截止时间仍未提交` })
          : check.up({ overdueAttempts: Math.max(n, 0) });
      },
    ]);
  }
}
