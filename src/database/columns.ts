import { Column, ColumnOptions, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Column shapes that mean the same on MySQL/MariaDB and on SQLite, so that one set of migrations serves both.
 * Times are UTC with millisecond precision.
 */
export const TimeColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'datetime', precision: 3, ...options });

/** Set by the code that inserts the row (no database default: MySQL and SQLite spell "now" differently). */
export const CreatedAtColumn = (): PropertyDecorator =>
  Column({ type: 'datetime', precision: 3, name: 'created_at' });

/** Auto-increment primary key (INTEGER on SQLite, INT on MySQL). */
export const IdColumn = (): PropertyDecorator => PrimaryGeneratedColumn({ type: 'integer' });

export const VarcharColumn = (length: number, options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'varchar', length, ...options });

export const TextColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'text', ...options });

/** A small JSON value stored as text (never larger than a few kilobytes). */
export const JsonColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'simple-json', ...options });

export const IntColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'integer', ...options });

export const BoolColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'boolean', ...options });
