import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../common/actor';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { Agency } from './agency.entity';
import { ConflictDto, ResolveConflictDto } from './dto/roster-import.dto';
import {
  CreateTechnicianDto,
  ListTechniciansQueryDto,
  TechnicianListResponseDto,
  TechnicianResponseDto,
  toTechnicianResponse,
  UpdateTechnicianDto,
} from './dto/technician.dto';
import { maskIdNumber } from './mask';
import { Technician } from './technician.entity';
import { isUniqueViolation } from '../database/sql';
import { AgenciesService } from './agencies.service';
import { likePattern } from './like-pattern';
import { RosterTransactions } from './roster-transactions';

/** An eligible technician with the agency code, as a roster snapshot needs it. */
export interface SnapshotTechnician {
  technicianId: number;
  agencyId: number;
  agencyCode: string;
  name: string;
  idNumber: string;
  discipline: string;
}

/** Technicians: CRUD and search, ID-number conflicts between agencies, and what a roster snapshot reads. */
@Injectable()
export class TechniciansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly writes: RosterTransactions,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------- technicians

  async listTechnicians(actor: Actor, query: ListTechniciansQueryDto): Promise<TechnicianListResponseDto> {
    assertAdmin(actor);
    const qb = this.dataSource
      .getRepository(Technician)
      .createQueryBuilder('t')
      .orderBy('t.agency_id', 'ASC')
      .addOrderBy('t.id', 'ASC');
    if (query.q) {
      qb.andWhere(`(t.name LIKE :q ESCAPE '!' OR t.id_number LIKE :qu ESCAPE '!')`, {
        q: likePattern(query.q),
        qu: likePattern(query.q.toUpperCase()),
      });
    }
    if (query.agencyId) {
      qb.andWhere('t.agency_id = :agencyId', { agencyId: query.agencyId });
    }
    if (query.discipline) {
      qb.andWhere('t.discipline = :discipline', { discipline: query.discipline });
    }
    if (query.active !== undefined) {
      qb.andWhere(`t.active = ${query.active ? 1 : 0}`);
    }
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await qb
      .skip(((query.page ?? 1) - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toTechnicianResponse), total };
  }

  async getTechnician(actor: Actor, id: number): Promise<TechnicianResponseDto> {
    assertAdmin(actor);
    return toTechnicianResponse(await this.findTechnician(this.dataSource.manager, id));
  }

  async createTechnician(actor: Actor, dto: CreateTechnicianDto): Promise<TechnicianResponseDto> {
    assertAdmin(actor);
    return this.writes.run(async (m) => {
      const agency = await this.agencies.findAgency(m, dto.agencyId);
      const now = new Date();
      let t: Technician;
      try {
        t = await m.save(
          m.create(Technician, {
            agencyId: agency.id,
            name: dto.name,
            idNumber: dto.idNumber,
            discipline: dto.discipline,
            certificates: dto.certificates ?? [],
            fullTime: dto.fullTime ?? true,
            active: dto.active ?? true,
            createdAt: now,
            updatedAt: now,
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ConflictError(`该机构已有此身份证号码的技术人员：${maskIdNumber(dto.idNumber)}`);
        }
        throw err;
      }
      await this.audit.record(
        actor,
        {
          action: 'technician.create',
          target: `technician:${t.id}`,
          details: { agency: agency.code, idNumber: maskIdNumber(t.idNumber), discipline: t.discipline },
        },
        m,
      );
      return toTechnicianResponse(t);
    });
  }

  async updateTechnician(actor: Actor, id: number, dto: UpdateTechnicianDto): Promise<TechnicianResponseDto> {
    assertAdmin(actor);
    return this.writes.run(async (m) => {
      const t = await this.findTechnician(m, id);
      const changes: Partial<Technician> = {};
      for (const k of ['name', 'discipline', 'certificates', 'fullTime', 'active'] as const) {
        if (dto[k] !== undefined && JSON.stringify(dto[k]) !== JSON.stringify(t[k])) {
          (changes as Record<string, unknown>)[k] = dto[k];
        }
      }
      if (Object.keys(changes).length === 0) {
        return toTechnicianResponse(t);
      }
      Object.assign(t, changes, { updatedAt: new Date() });
      await m.save(t);
      await this.audit.record(
        actor,
        { action: 'technician.update', target: `technician:${id}`, details: { changes } },
        m,
      );
      return toTechnicianResponse(t);
    });
  }

  async deleteTechnician(actor: Actor, id: number): Promise<void> {
    assertAdmin(actor);
    await this.writes.run(async (m) => {
      const t = await this.findTechnician(m, id);
      await m.delete(Technician, { id });
      await this.audit.record(
        actor,
        {
          action: 'technician.delete',
          target: `technician:${id}`,
          details: { agencyId: t.agencyId, idNumber: maskIdNumber(t.idNumber) },
        },
        m,
      );
    });
  }

  // --------------------------------------------------------------- conflicts

  /** People (ID numbers) active in two or more active agencies at once. */
  async listConflicts(actor: Actor): Promise<ConflictDto[]> {
    assertAdmin(actor);
    return this.findConflicts(this.dataSource.manager);
  }

  async findConflicts(m: EntityManager): Promise<ConflictDto[]> {
    const rows: Array<{
      technicianId: number;
      agencyId: number;
      agencyCode: string;
      agencyName: string;
      discipline: string;
      name: string;
      idNumber: string;
    }> = await m.query(
      `SELECT t.id AS technicianId, t.agency_id AS agencyId, a.code AS agencyCode, a.name AS agencyName,
              t.discipline AS discipline, t.name AS name, t.id_number AS idNumber
         FROM technicians t JOIN agencies a ON a.id = t.agency_id
        WHERE t.active = 1 AND a.active = 1 AND t.id_number IN (
              SELECT t2.id_number FROM technicians t2 JOIN agencies a2 ON a2.id = t2.agency_id
               WHERE t2.active = 1 AND a2.active = 1
               GROUP BY t2.id_number HAVING COUNT(*) > 1)
        ORDER BY t.id_number, a.code`,
    );
    const out = new Map<string, ConflictDto>();
    for (const r of rows) {
      let c = out.get(r.idNumber);
      if (!c) {
        c = { idNumber: r.idNumber, name: r.name, records: [] };
        out.set(r.idNumber, c);
      }
      c.records.push({
        technicianId: Number(r.technicianId),
        agencyId: Number(r.agencyId),
        agencyCode: r.agencyCode,
        agencyName: r.agencyName,
        discipline: r.discipline,
      });
    }
    return [...out.values()];
  }

  /** Keeps one record of a person active and sets the person's other active records 离职 (audited with the reason). */
  async resolveConflict(actor: Actor, dto: ResolveConflictDto): Promise<ConflictDto[]> {
    assertAdmin(actor);
    return this.writes.run(async (m) => {
      const keep = await this.findTechnician(m, dto.technicianId);
      const conflict = (await this.findConflicts(m)).find((c) => c.idNumber === keep.idNumber);
      if (!conflict) {
        throw new ConflictError('该人员当前没有需要处理的冲突', 'no_conflict');
      }
      const others = conflict.records.filter((r) => r.technicianId !== keep.id).map((r) => r.technicianId);
      const now = new Date();
      await m.update(Technician, { id: In(others) }, { active: false, updatedAt: now });
      if (!keep.active) {
        await m.update(Technician, { id: keep.id }, { active: true, updatedAt: now });
      }
      await this.audit.record(
        actor,
        {
          action: 'roster.conflict.resolve',
          target: `technician:${keep.id}`,
          details: {
            idNumber: maskIdNumber(keep.idNumber),
            kept: keep.id,
            deactivated: others,
            reason: dto.reason,
          },
        },
        m,
      );
      return this.findConflicts(m);
    });
  }

  // ---------------------------------------------------- for the sampling module

  /**
   * What a roster snapshot takes, read with the caller's manager (inside its transaction): every active
   * agency (also those without technicians) and the active technicians of active agencies — only the
   * full-time ones when `fullTimeOnly`.
   */
  async snapshotSource(
    m: EntityManager,
    opts: { fullTimeOnly: boolean },
  ): Promise<{ agencies: Agency[]; technicians: SnapshotTechnician[] }> {
    const agencies = await m.find(Agency, { where: { active: true }, order: { code: 'ASC' } });
    const rows: Array<{
      technicianId: number;
      agencyId: number;
      agencyCode: string;
      name: string;
      idNumber: string;
      discipline: string;
    }> = await m.query(
      `SELECT t.id AS technicianId, t.agency_id AS agencyId, a.code AS agencyCode, t.name AS name,
              t.id_number AS idNumber, t.discipline AS discipline
         FROM technicians t JOIN agencies a ON a.id = t.agency_id
        WHERE t.active = 1 AND a.active = 1 ${opts.fullTimeOnly ? 'AND t.full_time = 1' : ''}
        ORDER BY a.code, t.id_number`,
    );
    return {
      agencies,
      technicians: rows.map((r) => ({
        ...r,
        technicianId: Number(r.technicianId),
        agencyId: Number(r.agencyId),
      })),
    };
  }

  // ------------------------------------------------------------------ helpers

  async findTechnician(m: EntityManager, id: number): Promise<Technician> {
    const t = await m.findOne(Technician, { where: { id } });
    if (!t) {
      throw new NotFoundError('技术人员', id);
    }
    return t;
  }
}
