import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { noticeState, NoticeState } from './notice';
import { PublicationVersion } from './publication-version.entity';
import { Publication } from './publication.entity';
import { PublishedAgency } from './published-agency.entity';
import { PublishedCandidate } from './published-candidate.entity';

export interface PublicCandidatePage {
  total: number;
  page: number;
  pageSize: number;
  rows: PublishedCandidate[];
}

/** What anyone may read without signing in: published campaigns, their masked lists and agency tables. */
@Injectable()
export class PublicResultsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async campaigns(
    now: Date = new Date(),
  ): Promise<Array<{ publication: Publication; state: NoticeState; lastPublishedAt: Date }>> {
    const pubs = await this.ds.getRepository(Publication).find({ order: { firstPublishedAt: 'DESC' } });
    const versions = await this.ds.getRepository(PublicationVersion).find();
    const last = new Map<number, Date>();
    for (const v of versions) {
      const seen = last.get(v.campaignId);
      if (!seen || v.publishedAt > seen) {
        last.set(v.campaignId, v.publishedAt);
      }
    }
    return pubs.map((publication) => ({
      publication,
      state: noticeState({ end: publication.noticeEnd }, publication.finalisedAt, now),
      lastPublishedAt: last.get(publication.campaignId) ?? publication.firstPublishedAt,
    }));
  }

  async summary(
    campaignId: number,
    now: Date = new Date(),
  ): Promise<{
    publication: Publication;
    state: NoticeState;
    versions: PublicationVersion[];
    agencies: PublishedAgency[];
    counts: { candidates: number; passed: number };
  }> {
    const publication = await this.mustFind(campaignId);
    const versions = await this.ds
      .getRepository(PublicationVersion)
      .find({ where: { campaignId }, order: { version: 'ASC' } });
    const agencies = await this.ds.getRepository(PublishedAgency).find({
      where: { campaignId, version: publication.currentVersion },
      order: { rank: 'ASC', agencyName: 'ASC' },
    });
    // Agencies without a component (N = 0) sort last whatever the database does with NULL.
    agencies.sort((a, b) => (a.rank === null ? 1 : 0) - (b.rank === null ? 1 : 0));
    const current = versions.find((v) => v.version === publication.currentVersion);
    const passed = await this.ds
      .getRepository(PublishedCandidate)
      .count({ where: { campaignId, version: publication.currentVersion, passed: true } });
    return {
      publication,
      state: noticeState({ end: publication.noticeEnd }, publication.finalisedAt, now),
      versions,
      agencies,
      counts: { candidates: current?.candidates ?? 0, passed },
    };
  }

  async candidates(
    campaignId: number,
    q: { page?: number; pageSize?: number; agencyId?: number; discipline?: string },
  ): Promise<PublicCandidatePage> {
    const publication = await this.mustFind(campaignId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 100;
    const qb = this.ds
      .getRepository(PublishedCandidate)
      .createQueryBuilder('c')
      .where('c.campaignId = :campaignId AND c.version = :version', {
        campaignId,
        version: publication.currentVersion,
      })
      .orderBy('c.seq', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (q.agencyId) {
      qb.andWhere('c.agencyId = :agencyId', { agencyId: q.agencyId });
    }
    if (q.discipline) {
      qb.andWhere('c.discipline = :discipline', { discipline: q.discipline });
    }
    const [rows, total] = await qb.getManyAndCount();
    return { total, page, pageSize, rows };
  }

  private async mustFind(campaignId: number): Promise<Publication> {
    const p = await this.ds.getRepository(Publication).findOne({ where: { campaignId } });
    if (!p) {
      throw new NotFoundError('该批次的公示', campaignId);
    }
    return p;
  }
}
