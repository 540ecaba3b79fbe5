import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { User } from '../auth/user.entity';
import { IdColumn, IntColumn } from '../database/columns';
import { Sitting } from './sitting.entity';

/** A proctor assigned to a sitting. */
@Entity('sitting_proctors')
@Index('uq_sitting_proctors', ['sittingId', 'userId'], { unique: true })
export class SittingProctor {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'sitting_id' })
  sittingId!: number;

  @IntColumn({ name: 'user_id' })
  userId!: number;

  @ManyToOne(() => Sitting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sitting_id', foreignKeyConstraintName: 'fk_sitting_proctors_sitting' })
  sitting?: Sitting;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sitting_proctors_user' })
  user?: User;
}
