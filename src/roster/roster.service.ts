import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService, isUniqueViolation } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { DEFAULT_DISCIPLINES, disciplineName } from '../config/disciplines';
import { inTransaction } from '../database/transaction';
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
import { ConflictDto, ImportResultDto, ImportRosterDto, ResolveConflictDto } from './dto/roster-import.dto';
import {
  CreateTechnicianDto,
  ListTechniciansQueryDto,
  TechnicianListResponseDto,
  TechnicianResponseDto,
  toTechnicianResponse,
  UpdateTechnicianDto,
} from './dto/technician.dto';
import { maskIdNumber } from './mask';
import { planIsEmpty, planRosterImport, RosterPlan } from './roster-diff';
import { validateRoster } from './roster-rows';
import { buildRosterWorkbook, readRosterWorkbook, UnreadableWorkbookError } from './roster-workbook';
import { rosterConfig } from './roster.config';
import { Technician } from './technician.entity';

/** How many rows one INSERT carries (well under SQLite's and MySQL's parameter limits). */
const INSERT_CHUNK = 400;
/** How many changed rows an import's audit entry lists by name (the counts are always complete). */
const AUDIT_LIST_LIMIT = 100;

/** An eligible technician with the agency code, as a roster snapshot needs it. */
export interface SnapshotTechnician {
  technicianId: number;
  agencyId: number;
  agencyCode: string;
  name: string;
  idNumber: string;
  discipline: string;
}

/** Agencies and technicians: CRUD, search, counts, the Excel template, import and export, conflicts. */
@Injectable()
export class RosterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(rosterConfig.KEY) private readonly config: ConfigType<typeof rosterConfig>,
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
    return inTransaction(this.dataSource, async (m) => {
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
    return inTransaction(this.dataSource, async (m) => {
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
    await inTransaction(this.dataSource, async (m) => {
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
    return inTransaction(this.dataSource, async (m) => {
      const agency = await this.findAgency(m, dto.agencyId);
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
    return inTransaction(this.dataSource, async (m) => {
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
    await inTransaction(this.dataSource, async (m) => {
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
    return inTransaction(this.dataSource, async (m) => {
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

  // ------------------------------------------------------------ spreadsheets

  /** The empty template: headers, one example row per sheet, drop-down lists. */
  template(actor: Actor): Promise<Buffer> {
    assertAdmin(actor);
    return buildRosterWorkbook(this.workbookLists(), 'template');
  }

  /** The whole roster (inactive rows included) in the template's layout; importing it back changes nothing. */
  async exportWorkbook(actor: Actor): Promise<Buffer> {
    assertAdmin(actor);
    const agencies = await this.dataSource.getRepository(Agency).find({ order: { code: 'ASC' } });
    const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
    const technicians = await this.dataSource
      .getRepository(Technician)
      .find({ order: { agencyId: 'ASC', id: 'ASC' } });
    // The file carries every full ID number: who took it, and when, is recorded.
    await this.audit.record(actor, {
      action: 'roster.export',
      target: 'roster',
      details: { technicians: technicians.length },
    });
    return buildRosterWorkbook(this.workbookLists(), {
      agencies: agencies.map((a) => ({
        code: a.code,
        name: a.name,
        county: a.county,
        contactName: a.contactName,
        contactPhone: a.contactPhone,
        active: a.active,
      })),
      technicians: technicians.map((t) => ({
        name: t.name,
        idNumber: t.idNumber,
        agencyCode: codeOf.get(t.agencyId) ?? '',
        disciplineName: disciplineName(t.discipline),
        certificates: t.certificates,
        fullTime: t.fullTime,
        active: t.active,
      })),
    });
  }

  /**
   * Imports a roster spreadsheet, all or nothing, in one transaction: any bad row rejects the whole file with
   * every problem listed (sheet, row, column, reason). The same file twice changes nothing the second time.
   */
  async importWorkbook(actor: Actor, dto: ImportRosterDto): Promise<ImportResultDto> {
    assertAdmin(actor);
    const buffer = Buffer.from(dto.file, 'base64');
    const fileSha256 = createHash('sha256').update(buffer).digest('hex');
    let sheets: Awaited<ReturnType<typeof readRosterWorkbook>>;
    try {
      sheets = await readRosterWorkbook(buffer);
    } catch (err) {
      if (err instanceof UnreadableWorkbookError) {
        throw new RuleViolationError(err.message, 'roster_file_unreadable');
      }
      throw err;
    }
    return inTransaction(this.dataSource, async (m) => {
      const agencies = await m.find(Agency);
      const valid = validateRoster(sheets, {
        counties: this.config.counties,
        disciplines: DEFAULT_DISCIPLINES,
        knownAgencyCodes: new Set(agencies.map((a) => a.code)),
        today: new Date(),
      });
      if (valid.errors.length > 0) {
        throw new RuleViolationError(
          `导入失败：发现 ${valid.errors.length} 处错误，未导入任何数据`,
          'roster_import_invalid',
          { errors: valid.errors.slice(0, 1000), total: valid.errors.length },
        );
      }
      const byCode = new Map(agencies.map((a) => [a.code, a]));
      const touched = new Set([
        ...valid.agencies.map((a) => a.code),
        ...valid.technicians.map((t) => t.agencyCode),
      ]);
      const touchedIds = [...touched].flatMap((c) => (byCode.has(c) ? [byCode.get(c)!.id] : []));
      const codeOfId = new Map(agencies.map((a) => [a.id, a.code]));
      const existingTechnicians: Technician[] = [];
      for (const ids of chunks(touchedIds, INSERT_CHUNK)) {
        existingTechnicians.push(...(await m.find(Technician, { where: { agencyId: In(ids) } })));
      }
      const plan = planRosterImport(valid, {
        agencies,
        technicians: existingTechnicians.map((t) => ({ ...t, agencyCode: codeOfId.get(t.agencyId)! })),
      });
      if (!planIsEmpty(plan)) {
        await this.applyPlan(m, plan);
      }
      const result: ImportResultDto = {
        fileSha256,
        changed: !planIsEmpty(plan),
        agencies: {
          created: plan.agencyCreates.length,
          updated: plan.agencyUpdates.length,
          unchanged: plan.agenciesUnchanged,
          deactivated: 0,
        },
        technicians: {
          created: plan.technicianCreates.length,
          updated: plan.technicianUpdates.length,
          unchanged: plan.techniciansUnchanged,
          deactivated: plan.technicianDeactivations.length,
        },
        conflicts: await this.findConflicts(m),
      };
      await this.audit.record(
        actor,
        {
          action: 'roster.import',
          target: `roster:${fileSha256.slice(0, 16)}`,
          details: {
            fileSha256,
            fileName: dto.fileName ?? null,
            agencies: result.agencies,
            technicians: result.technicians,
            ...auditLists(plan),
          },
        },
        m,
      );
      return result;
    });
  }

  private async applyPlan(m: EntityManager, plan: RosterPlan): Promise<void> {
    const now = new Date();
    for (const part of chunks(plan.agencyCreates, INSERT_CHUNK)) {
      await m.insert(
        Agency,
        part.map((a) => ({
          code: a.code,
          name: a.name,
          county: a.county,
          contactName: a.contactName,
          contactPhone: a.contactPhone,
          active: a.active,
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    for (const u of plan.agencyUpdates) {
      await m.update(Agency, { id: u.id }, { ...u.changes, updatedAt: now });
    }
    const idOf = new Map(
      (await m.find(Agency, { select: { id: true, code: true } })).map((a) => [a.code, a.id]),
    );
    for (const part of chunks(plan.technicianCreates, INSERT_CHUNK)) {
      await m.insert(
        Technician,
        part.map((t) => ({
          agencyId: idOf.get(t.agencyCode)!,
          name: t.name,
          idNumber: t.idNumber,
          discipline: t.discipline,
          certificates: t.certificates,
          fullTime: t.fullTime,
          active: t.active,
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    for (const u of plan.technicianUpdates) {
      await m.update(Technician, { id: u.id }, { ...u.changes, updatedAt: now });
    }
    for (const part of chunks(plan.technicianDeactivations, INSERT_CHUNK)) {
      await m.update(Technician, { id: In(part.map((d) => d.id)) }, { active: false, updatedAt: now });
    }
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

  private workbookLists() {
    return { counties: this.config.counties, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
  }

  private assertCounty(county: string): void {
    if (!this.config.counties.includes(county)) {
      throw new RuleViolationError(
        `未知的区县“${county}”（可选：${this.config.counties.join('、')}）`,
        'unknown_county',
      );
    }
  }

  private async findAgency(m: EntityManager, id: number): Promise<Agency> {
    const a = await m.findOne(Agency, { where: { id } });
    if (!a) {
      throw new NotFoundError('机构', id);
    }
    return a;
  }

  private async findTechnician(m: EntityManager, id: number): Promise<Technician> {
    const t = await m.findOne(Technician, { where: { id } });
    if (!t) {
      throw new NotFoundError('技术人员', id);
    }
    return t;
  }
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) {
    out.push(xs.slice(i, i + n));
  }
  return out;
}

/** A LIKE pattern matching the text anywhere, its wildcards escaped with ! (ESCAPE '!' reads the same on both databases). */
function likePattern(q: string): string {
  return `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** The changed rows by name in the import's audit entry (ID numbers masked), capped in length. */
function auditLists(plan: RosterPlan): Record<string, unknown> {
  const maskKey = (key: string) => {
    const [agency, id] = key.split('|');
    return id ? `${agency}|${maskIdNumber(id)}` : key;
  };
  const cap = <T>(xs: T[]) => xs.slice(0, AUDIT_LIST_LIMIT);
  return {
    agenciesCreated: cap(plan.agencyCreates.map((a) => a.code)),
    agenciesUpdated: cap(plan.agencyUpdates.map((u) => ({ code: u.key, changes: u.changes }))),
    techniciansCreated: cap(plan.technicianCreates.map((t) => `${t.agencyCode}|${maskIdNumber(t.idNumber)}`)),
    techniciansUpdated: cap(plan.technicianUpdates.map((u) => ({ key: maskKey(u.key), changes: u.changes }))),
    techniciansDeactivated: cap(plan.technicianDeactivations.map((d) => maskKey(d.key))),
  };
}
