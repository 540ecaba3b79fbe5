import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { calendarProblems } from './calendar-problems';
import { CalendarCoverageError, NoticePeriod, noticePeriod, YearCalendar } from './working-days';
import { YearCalendarRow } from './year-calendar.entity';

/** The administrator-entered calendars and the notice periods computed with them. */
@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async entered(): Promise<YearCalendar[]> {
    const rows = await this.ds.getRepository(YearCalendarRow).find({ order: { year: 'ASC' } });
    return rows.map((r) => ({ year: r.year, holidays: r.holidays, workdays: r.workdays }));
  }

  async list(actor: Actor): Promise<YearCalendarRow[]> {
    assertAdmin(actor);
    return this.ds.getRepository(YearCalendarRow).find({ order: { year: 'ASC' } });
  }

  async save(actor: Actor, c: YearCalendar): Promise<YearCalendarRow> {
    assertAdmin(actor);
    const problems = calendarProblems(c);
    if (problems.length > 0) {
      throw new RuleViolationError(
        `${c.year} 年日历有误：${problems.join('；')}`,
        'invalid_calendar',
        problems,
      );
    }
    const holidays = [...c.holidays].sort();
    const workdays = [...c.workdays].sort();
    return inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(YearCalendarRow);
      const existing = await repo.findOne({ where: { year: c.year } });
      const now = new Date();
      if (existing) {
        await repo.update({ id: existing.id }, { holidays, workdays, enteredBy: actor.id, updatedAt: now });
      } else {
        await repo.insert({ year: c.year, holidays, workdays, enteredBy: actor.id, updatedAt: now });
      }
      await this.audit.record(
        actor,
        {
          action: 'publication.calendar',
          target: `calendar:${c.year}`,
          details: {
            year: c.year,
            holidays,
            workdays,
            before: existing ? { holidays: existing.holidays, workdays: existing.workdays } : null,
          },
        },
        m,
      );
      return repo.findOneByOrFail({ year: c.year });
    });
  }

  /** The notice period starting after `publishedOn`; refused (422) outside the calendars' coverage. */
  async period(publishedOn: string, days: number): Promise<NoticePeriod> {
    try {
      return noticePeriod(publishedOn, days, await this.entered());
    } catch (err) {
      if (err instanceof CalendarCoverageError) {
        throw new RuleViolationError(err.message, 'calendar_not_covered', { year: err.year });
      }
      throw err;
    }
  }
}
