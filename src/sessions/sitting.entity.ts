import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TimeColumn,
  VarcharColumn,
} from '../database/columns';
import type { ProctoringSettings } from '../proctoring/thresholds';

export type SittingMode = 'room' | 'online';
export const SITTING_MODES: readonly SittingMode[] = ['room', 'online'];

/** 场次: a time window in a room or online, with proctors and candidates of one campaign. */
@Entity('sittings')
@Index('idx_sittings_campaign', ['campaignId'])
export class Sitting {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @VarcharColumn(128)
  name!: string;

  @VarcharColumn(16)
  mode!: SittingMode;

  /** The room (考场) or, online, the instructions for joining; printed on the admission ticket. */
  @VarcharColumn(128)
  location!: string;

  @TimeColumn({ name: 'window_start' })
  windowStart!: Date;

  /** No attempt runs past it unless a proctor extends that attempt. */
  @TimeColumn({ name: 'window_end' })
  windowEnd!: Date;

  /** Working time of one attempt, in seconds. */
  @IntColumn({ name: 'duration_seconds' })
  durationSeconds!: number;

  /** Seconds after the window start after which no candidate may start (迟到不得入场). */
  @IntColumn({ name: 'late_entry_seconds' })
  lateEntrySeconds!: number;

  @IntColumn()
  capacity!: number;

  /** Six digits the proctor reveals in the room; candidates need it to sign in. */
  @VarcharColumn(16, { name: 'access_code' })
  accessCode!: string;

  @TimeColumn({ name: 'access_code_revealed_at', nullable: true })
  accessCodeRevealedAt!: Date | null;

  /** Automatic warning and flag thresholds (see proctoring/thresholds.ts). */
  @JsonColumn()
  proctoring!: ProctoringSettings;

  /**
   * Set when staff closed the sitting (结束场次): from then on it counts as ended whatever its window said
   * (the window end is moved to the closing time), and those placed who never started are recorded absent.
   */
  @TimeColumn({ name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** "user:3". */
  @VarcharColumn(64, { name: 'closed_by', nullable: true })
  closedBy!: string | null;

  @VarcharColumn(500, { name: 'close_reason', nullable: true })
  closeReason!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
