import { Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, VarcharColumn } from './columns';

/**
 * One row: a random id made when the deployment's database first served. Every node of a deployment reads
 * the same one; another deployment (another database) has its own. It names the deployment where several share
 * infrastructure, e.g. the default Redis prefix.
 */
@Entity('deployment_identity')
export class DeploymentIdentity {
  /** Always 1. */
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  /** 32 hex digits. */
  @VarcharColumn(32, { name: 'deployment_id' })
  deploymentId!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
