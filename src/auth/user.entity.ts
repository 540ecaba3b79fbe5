import { Column, Entity, Index } from 'typeorm';
import { IdColumn, BoolColumn, CreatedAtColumn, TimeColumn, VarcharColumn } from '../database/columns';
import type { StaffRole } from './role';

/** An administrator or a proctor. */
@Entity('users')
export class User {
  @IdColumn()
  id!: number;

  @Index('uq_users_username', { unique: true })
  @VarcharColumn(64)
  username!: string;

  @VarcharColumn(64, { name: 'display_name' })
  displayName!: string;

  @VarcharColumn(16)
  role!: StaffRole;

  /** argon2id hash. */
  @VarcharColumn(255, { name: 'password_hash' })
  passwordHash!: string;

  @BoolColumn({ default: true })
  active!: boolean;

  @TimeColumn({ name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ type: 'integer', name: 'token_version', default: 0 })
  tokenVersion!: number;
}
