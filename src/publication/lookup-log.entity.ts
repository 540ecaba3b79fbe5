import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, IntColumn, VarcharColumn } from '../database/columns';

export type LookupOutcome = 'found' | 'not-found' | 'limited';

/** Every individual lookup: which identity (as its HMAC, never the ID number), from where, with what outcome. */
@Entity('lookup_log')
@Index('idx_lookup_log_campaign', ['campaignId', 'createdAt'])
export class LookupLogEntry {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  /** identityHash() of what was entered: equal to the published row's hash when it matched. */
  @VarcharColumn(64, { name: 'identity_hash' })
  identityHash!: string;

  /** 'id' or 'ticket'. */
  @VarcharColumn(8)
  kind!: string;

  @VarcharColumn(64)
  ip!: string;

  @VarcharColumn(16)
  outcome!: LookupOutcome;

  @CreatedAtColumn()
  createdAt!: Date;
}
