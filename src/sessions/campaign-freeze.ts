import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '../common/domain-error';

/** Why a published campaign's sittings, placements and attempts no longer change. */
export const CAMPAIGN_FROZEN_MESSAGE =
  '本批次成绩已公布，场次、考生安排和答题记录均已冻结，不能再修改、安排考生、登录或开考。' +
  '如需更正，请在公示期内通过异议处理或答案更正重新计分，并发布新的公示版本。';

/** Raised when something would change a campaign whose results the public has already seen. */
export class CampaignFrozenError extends ConflictError {
  constructor(campaignId: number) {
    super(CAMPAIGN_FROZEN_MESSAGE, 'campaign-published', { campaignId });
  }
}

type Db = DataSource | EntityManager;

/*
 * The rule: a campaign is frozen once a publication row exists for it (publications are never deleted; a
 * correction is a new version of the same row). Publication comes after sessions in the flow, so sessions must
 * not import it; the freeze therefore reads the publications table by name here, read-only, in this one place.
 */

/** Refuses (409) when the campaign's results have been published. */
export async function assertCampaignNotPublished(db: Db, campaignId: number): Promise<void> {
  const rows: unknown[] = await db.query('SELECT 1 AS x FROM publications WHERE campaign_id = ?', [
    campaignId,
  ]);
  if (rows.length > 0) {
    throw new CampaignFrozenError(campaignId);
  }
}

/** The same rule reached from a sitting (candidate login and start only know their sitting). */
export async function assertSittingNotFrozen(db: Db, sittingId: number): Promise<void> {
  const rows: Array<{ campaign_id: number | string }> = await db.query(
    `SELECT p.campaign_id FROM sittings s JOIN publications p ON p.campaign_id = s.campaign_id WHERE s.id = ?`,
    [sittingId],
  );
  if (rows.length > 0) {
    throw new CampaignFrozenError(Number(rows[0].campaign_id));
  }
}
