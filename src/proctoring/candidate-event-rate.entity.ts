import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IntColumn } from '../database/columns';

/**
 * One row per sitting candidate: how many events their browser reported in the current minute, and how many
 * were refused for exceeding the per-minute limit. Refused events are only counted here, never stored.
 */
@Entity('candidate_event_rates')
@Index('idx_candidate_event_rates_sitting', ['sittingId'])
export class CandidateEventRate {
  @PrimaryColumn({ type: 'integer', name: 'sitting_candidate_id' })
  sittingCandidateId!: number;

  @IntColumn({ name: 'sitting_id' })
  sittingId!: number;

  /** The minute the count belongs to (milliseconds since the epoch ÷ 60,000). */
  @IntColumn({ name: 'window_minute' })
  windowMinute!: number;

  /** Reports in that minute, the refused ones included. */
  @IntColumn({ name: 'window_count' })
  windowCount!: number;

  /** Reports refused over the whole sitting. */
  @IntColumn({ default: 0 })
  dropped!: number;
}
