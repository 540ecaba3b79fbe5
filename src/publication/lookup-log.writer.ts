import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LookupLogEntry } from './lookup-log.entity';

const FLUSH_MS = 200;
const MAX_BUFFER = 500;

/**
 * Writes the lookup log in batches (one multi-row insert every 200 ms or 500 entries), so that logging every
 * lookup does not cost one durable write per request. Entries still buffered when the process is killed are
 * lost; a graceful shutdown flushes them (before the data source closes).
 */
@Injectable()
export class LookupLogWriter implements OnModuleDestroy {
  private readonly log = new Logger('LookupLog');
  private buffer: Array<Omit<LookupLogEntry, 'id'>> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  add(entry: Omit<LookupLogEntry, 'id'>): void {
    this.buffer.push(entry);
    if (this.buffer.length >= MAX_BUFFER) {
      this.flushSoon(0);
    } else if (!this.timer) {
      this.flushSoon(FLUSH_MS);
    }
  }

  /** Writes everything buffered so far (tests; shutdown). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() => this.write(batch));
    }
    await this.writing;
  }

  /** Before the data source closes. */
  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private flushSoon(ms: number): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  private async write(batch: Array<Omit<LookupLogEntry, 'id'>>): Promise<void> {
    try {
      for (let i = 0; i < batch.length; i += 500) {
        await this.ds
          .createQueryBuilder()
          .insert()
          .into(LookupLogEntry)
          .values(batch.slice(i, i + 500))
          .updateEntity(false)
          .execute();
      }
    } catch (err) {
      this.log.error({ err, entries: batch.length }, 'could not write the lookup log');
    }
  }
}
