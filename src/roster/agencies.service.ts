import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { Agency } from './agency.entity';
import {
  AgencyCountsDto,
  AgencyListResponseDto,
  AgencyResponseDto,
  CreateAgencyDto,
  ListAgenciesQueryDto,
  toAgencyResponse,
  UpdateAgencyDto,
} from './dto/agency.dto';
import { rosterConfig } from './roster.config';
import { Technician } from './technician.entity';
import { likePattern } from './like-pattern';
import { RosterTransactions } from './roster-transactions';

/** Agencies: CRUD, search, counts, and the counties they may be in. */
@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(rosterConfig.KEY) private readonly config: ConfigType<typeof rosterConfig>,
    private readonly writes: RosterTransactions,
    private readonly audit: AuditService,
  ) {}

  counties(): string[] {
    return [...this.config.counties];
  }

  // ---------------------------------------------------------------- agencies

  async listAgencies(actor: Actor, query: ListAgenciesQueryDto): Promise<AgencyListResponseDto> {
    assertAdmin(actor);
    const qb = this.dataSource.getRepository(Agency).createQueryBuilder('a').orderBy('a.code', 'ASC');
    if (query.q) {
      qb.andWhere(`(a.name LIKE :q ESCAPE '!' OR a.code LIKE :qu ESCAPE '!')`, {
        q: likePattern(query.q),
        qu: likePattern(query.q.toUpperCase()),
      });
    }
    if (query.county) {
      qb.andWhere('a.county = :county', { county: query.county });
    }
    if (query.active !== undefined) {
      qb.andWhere(`a.active = ${query.active ? 1 : 0}`);
    }
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await qb
      .skip(((query.page ?? 1) - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toAgencyResponse), total };
  }

  async getAgency(actor: Actor, id: number): Promise<AgencyResponseDto> {
    assertAdmin(actor);
    return toAgencyResponse(await this.findAgency(this.dataSource.manager, id));
  }

  async createAgency(actor: Actor, dto: CreateAgencyDto): Promise<AgencyResponseDto> {
    assertAdmin(actor);
    this.assertCounty(dto.county);
    return this.writes.run(async (m) => {
      if (await m.exists(Agency, { where: { code: dto.code } })) {
        throw new ConflictError(`统一社会信用代码已存在：${dto.code}`);
      }
      const now = new Date();
      const agency = await m.save(
        m.create(Agency, {
          code: dto.code,
          name: dto.name,
          county: dto.county,
          contactName: dto.contactName || null,
          contactPhone: dto.contactPhone || null,
          active: dto.active ?? true,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(
        actor,
        {
          action: 'agency.create',
          target: `agency:${agency.id}`,
          details: { code: agency.code, name: agency.name },
        },
        m,
      );
      return toAgencyResponse(agency);
    });
  }

  async updateAgency(actor: Actor, id: number, dto: UpdateAgencyDto): Promise<AgencyResponseDto> {
    assertAdmin(actor);
    if (dto.county !== undefined) {
      this.assertCounty(dto.county);
    }
    return this.writes.run(async (m) => {
      const agency = await this.findAgency(m, id);
      const changes: Partial<Agency> = {};
      if (dto.name !== undefined && dto.name !== agency.name) {
        changes.name = dto.name;
      }
      if (dto.county !== undefined && dto.county !== agency.county) {
        changes.county = dto.county;
      }
      if (dto.contactName !== undefined && (dto.contactName || null) !== agency.contactName) {
        changes.contactName = dto.contactName || null;
      }
      if (dto.contactPhone !== undefined && (dto.contactPhone || null) !== agency.contactPhone) {
        changes.contactPhone = dto.contactPhone || null;
      }
      if (dto.active !== undefined && dto.active !== agency.active) {
        changes.active = dto.active;
      }
      if (Object.keys(changes).length === 0) {
        return toAgencyResponse(agency);
      }
      Object.assign(agency, changes, { updatedAt: new Date() });
      await m.save(agency);
      await this.audit.record(
        actor,
        { action: 'agency.update', target: `agency:${id}`, details: { code: agency.code, changes } },
        m,
      );
      return toAgencyResponse(agency);
    });
  }

  /** Deletes an agency without technicians; one with technicians is deactivated instead (active: false). */
  async deleteAgency(actor: Actor, id: number): Promise<void> {
    assertAdmin(actor);
    await this.writes.run(async (m) => {
      const agency = await this.findAgency(m, id);
      const n = await m.count(Technician, { where: { agencyId: id } });
      if (n > 0) {
        throw new ConflictError(
          `该机构仍有 ${n} 名技术人员记录，不能删除；请改为停用`,
          'agency_has_technicians',
        );
      }
      await m.delete(Agency, { id });
      await this.audit.record(
        actor,
        {
          action: 'agency.delete',
          target: `agency:${id}`,
          details: { code: agency.code, name: agency.name },
        },
        m,
      );
    });
  }

  /** Active technicians of each agency by discipline (all agencies, or one). */
  async agencyCounts(actor: Actor, agencyId?: number): Promise<AgencyCountsDto[]> {
    assertAdmin(actor);
    const rows: Array<{
      id: number;
      code: string;
      name: string;
      county: string;
      active: number | boolean;
      discipline: string | null;
      n: number | string;
    }> = await this.dataSource.query(
      `SELECT a.id AS id, a.code AS code, a.name AS name, a.county AS county, a.active AS active,
              t.discipline AS discipline, COUNT(t.id) AS n
         FROM agencies a
         LEFT JOIN technicians t ON t.agency_id = a.id AND t.active = 1
        ${agencyId ? 'WHERE a.id = ?' : ''}
        GROUP BY a.id, a.code, a.name, a.county, a.active, t.discipline
        ORDER BY a.code, t.discipline`,
      agencyId ? [agencyId] : [],
    );
    if (agencyId && rows.length === 0) {
      throw new NotFoundError('机构', agencyId);
    }
    const out = new Map<number, AgencyCountsDto>();
    for (const r of rows) {
      let c = out.get(r.id);
      if (!c) {
        c = {
          agencyId: r.id,
          code: r.code,
          name: r.name,
          county: r.county,
          active: Boolean(Number(r.active)),
          total: 0,
          byDiscipline: {},
        };
        out.set(r.id, c);
      }
      const n = Number(r.n);
      if (r.discipline && n > 0) {
        c.byDiscipline[r.discipline] = n;
        c.total += n;
      }
    }
    return [...out.values()];
  }

  // ------------------------------------------------------------------ helpers

  assertCounty(county: string): void {
    if (!this.config.counties.includes(county)) {
      throw new RuleViolationError(
        `未知的区县“${county}”（可选：${this.config.counties.join('、')}）`,
        'unknown_county',
      );
    }
  }

  async findAgency(m: EntityManager, id: number): Promise<Agency> {
    const a = await m.findOne(Agency, { where: { id } });
    if (!a) {
      throw new NotFoundError('机构', id);
    }
    return a;
  }
}
