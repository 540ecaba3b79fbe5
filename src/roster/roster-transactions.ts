import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../database/transaction';

/**
 * Every write to agencies and technicians goes through here: the version counts the roster transactions that
 * began and ended on this node (only the roster services write those tables), so that an import on SQLite — one
 * node, one connection — knows whether the roster it compared before its transaction is still the one inside.
 */
@Injectable()
export class RosterTransactions {
  private count = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The version now (the import compares it with the one its transaction began with). */
  get version(): number {
    return this.count;
  }

  /** Runs `work` in a transaction; `work` receives the version as it was when the transaction began. */
  run<T>(work: (m: EntityManager, version: number) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, async (m) => {
      const version = this.count++;
      try {
        return await work(m, version);
      } finally {
        this.count++;
      }
    });
  }
}
