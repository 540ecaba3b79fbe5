import { Entity, Index } from 'typeorm';
import type { AuditAlgorithm } from './audit-chain';
import { IdColumn, IntColumn, TextColumn, TimeColumn, VarcharColumn } from '../database/columns';

/**
 * One administrative act. Append-only: each row's hash covers the previous row's hash and this row's content,
 * keyed with AUDIT_KEY (see audit-chain.ts), so an edited or deleted row breaks the chain.
 */
@Entity('audit_log')
// Public documents look up the row of their act (the draw of a campaign) to print its anchor.
@Index('ix_audit_log_action_target', ['action', 'target'])
export class AuditEntry {
  @IdColumn()
  id!: number;

  /** 1, 2, 3 … without gaps; unique so that two writers cannot both append the same position. */
  @Index('uq_audit_log_seq', { unique: true })
  @IntColumn()
  seq!: number;

  @TimeColumn()
  at!: Date;

  /** "user:3", "candidate:17", "system". */
  @VarcharColumn(64)
  actor!: string;

  @VarcharColumn(64)
  action!: string;

  /** "question:wsl-0001", "campaign:2". */
  @VarcharColumn(128)
  target!: string;

  /** Canonical JSON of the details. */
  @TextColumn()
  details!: string;

  @VarcharColumn(64, { name: 'prev_hash' })
  prevHash!: string;

  @VarcharColumn(64)
  hash!: string;

  /** How `hash` was computed: "hmac-sha256" now; "sha256" for the rows written before the chain was keyed. */
  @VarcharColumn(16, { default: 'sha256' })
  alg!: AuditAlgorithm;
}
