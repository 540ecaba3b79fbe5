import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, TimeColumn } from '../database/columns';

/** A year's official holiday calendar entered by an administrator (takes precedence over the bundled one). */
@Entity('year_calendars')
@Index('uq_year_calendars_year', ['year'], { unique: true })
export class YearCalendarRow {
  @IdColumn()
  id!: number;

  @IntColumn()
  year!: number;

  /** Weekday holidays, YYYY-MM-DD. */
  @JsonColumn()
  holidays!: string[];

  /** 调休 weekend workdays, YYYY-MM-DD. */
  @JsonColumn()
  workdays!: string[];

  @IntColumn({ name: 'entered_by' })
  enteredBy!: number;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
