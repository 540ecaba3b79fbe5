import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DeploymentIdentity } from './deployment-identity.entity';

/**
 * The deployment's id, created on first use. Two nodes starting at once may both try to create it: the primary
 * key lets one win, and both then read the winner's.
 */
export async function deploymentId(ds: DataSource): Promise<string> {
  const repo = ds.getRepository(DeploymentIdentity);
  const found = await repo.findOne({ where: { id: 1 } });
  if (found) {
    return found.deploymentId;
  }
  await repo
    .insert({ id: 1, deploymentId: randomBytes(16).toString('hex'), createdAt: new Date() })
    .catch(() => undefined);
  const row = await repo.findOne({ where: { id: 1 } });
  if (!row) {
    throw new Error('deployment_identity: no row after insert');
  }
  return row.deploymentId;
}

/**
 * The Redis prefix of a deployment: the configured one, else `choukao:` and the first 12 digits of the
 * deployment id (so that deployments sharing a Redis never share channels or counters).
 */
export async function redisPrefix(ds: DataSource, configured: string | undefined): Promise<string> {
  return configured || `choukao:${(await deploymentId(ds)).slice(0, 12)}`;
}
