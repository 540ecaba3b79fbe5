import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorRef, type Actor } from '../common/actor';
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
import { ExistingTechnician, planIsEmpty, planRosterImportInSlices, RosterPlan } from './roster-diff';
import { ImportProgress, ImportProgressRegistry, ImportTracker } from './roster-import-progress';
import { ROSTER_ERRORS_KEPT } from './roster-parse';
import { parseRosterInWorker } from './roster-parse-runner';
import type { AgencyInput, RosterImportError, TechnicianInput } from './roster-rows';
import { AGENCY_SHEET, TECHNICIAN_COLUMNS, TECHNICIAN_SHEET } from './roster-sheet';
import { buildRosterWorkbook } from './roster-workbook';
import { rosterConfig } from './roster.config';
import { Technician } from './technician.entity';
import { bulkInsertEntities, chunks, isSqlite, isUniqueViolation } from '../database/sql';

/** How many rows one INSERT carries (well under SQLite's and MySQL's parameter limits). */
const INSERT_CHUNK = 400;
const AGENCY_INSERT_COLUMNS = [
  'code',
  'name',
  'county',
  'contactName',
  'contactPhone',
  'active',
  'createdAt',
  'updatedAt',
] as const;
const TECHNICIAN_INSERT_COLUMNS = [
  'agencyId',
  'name',
  'idNumber',
  'discipline',
  'certificates',
  'fullTime',
  'active',
  'createdAt',
  'updatedAt',
] as const;
/** Single-row UPDATEs between two turns of the event loop. */
const UPDATE_SLICE = 200;
/** Agencies whose technicians one SELECT reads (≈ 50 technicians each). */
const READ_CHUNK_AGENCIES = 50;
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
  private readonly log = new Logger(RosterService.name);
  private readonly progress = new ImportProgressRegistry();
  /** See rosterTransaction. */
  private rosterVersion = 0;

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
    return this.rosterTransaction(async (m) => {
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
    return this.rosterTransaction(async (m) => {
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
    await this.rosterTransaction(async (m) => {
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
    return this.rosterTransaction(async (m) => {
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
    return this.rosterTransaction(async (m) => {
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
    await this.rosterTransaction(async (m) => {
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
    return this.rosterTransaction(async (m) => {
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
   *
   * The file is checked (zip guard, row cap), read and validated in a worker thread, so that the event loop
   * keeps serving candidates meanwhile; the transaction then compares and writes in slices, letting other
   * requests run between them. `dto.importId` lets the page follow the import (importProgress).
   */
  async importWorkbook(actor: Actor, dto: ImportRosterDto): Promise<ImportResultDto> {
    assertAdmin(actor);
    const track = this.progress.start(dto.importId, actorRef(actor));
    try {
      const result = await this.runImport(actor, dto, track);
      track.end(true);
      return result;
    } catch (err) {
      track.end(false);
      throw err;
    }
  }

  /** Where the caller's import `importId` is (404 when this node does not know it). */
  importProgress(actor: Actor, importId: string): ImportProgress {
    assertAdmin(actor);
    const p = this.progress.get(importId, actorRef(actor));
    if (!p) {
      throw new NotFoundError('导入进度', importId);
    }
    return p;
  }

  private async runImport(
    actor: Actor,
    dto: ImportRosterDto,
    track: ImportTracker,
  ): Promise<ImportResultDto> {
    const buffer = Buffer.from(dto.file, 'base64');
    const fileSha256 = createHash('sha256').update(buffer).digest('hex');
    const known = await this.dataSource.getRepository(Agency).find({ select: { code: true } });
    const parsed = await parseRosterInWorker(
      buffer,
      {
        counties: [...this.config.counties],
        disciplines: DEFAULT_DISCIPLINES.map((d) => ({ code: d.code, name: d.name })),
        knownAgencyCodes: known.map((a) => a.code),
        today: new Date().toISOString(),
      },
      (p) => track.set(p),
    ).catch((err: unknown) => {
      // The parsing thread itself failed (not the file): say so and let the administrator retry; nothing was written.
      this.log.error({ err }, 'roster parsing worker failed');
      throw new ServiceUnavailableException('名册解析暂时失败（未写入任何数据），请稍后重试');
    });
    if (!parsed.ok) {
      throw new RuleViolationError(parsed.message, parsed.code, parsed.details);
    }
    if (parsed.errorTotal > 0) {
      throw invalidRoster(parsed.errors, parsed.errorTotal);
    }
    const valid = { agencies: parsed.agencies, technicians: parsed.technicians };
    track.set({ phase: 'writing', rows: valid.technicians.length });
    // On SQLite every transaction of the node waits for the one in progress (one connection), candidates'
    // answers included: the roster is read and compared before the transaction, which then only writes — unless
    // a roster write came in between, and the comparison is done again inside.
    const early = isSqlite(this.dataSource)
      ? { version: this.rosterVersion, ...(await this.planImport(this.dataSource.manager, valid)) }
      : null;
    return this.rosterTransaction(async (m, version) => {
      const { plan } = early && early.version === version ? early : await this.planImport(m, valid);
      if (!planIsEmpty(plan)) {
        await this.applyPlan(m, plan, track);
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

  /**
   * Compares the validated file with the roster as `m` reads it: the plan of an import. A technician whose
   * agency is neither in the file nor in the database (removed since the worker checked) rejects the file.
   */
  private async planImport(
    m: EntityManager,
    valid: { agencies: AgencyInput[]; technicians: TechnicianInput[] },
  ): Promise<{ agencies: Agency[]; plan: RosterPlan }> {
    const agencies = await m.find(Agency);
    const inFile = new Set(valid.agencies.map((a) => a.code));
    const inDb = new Set(agencies.map((a) => a.code));
    const orphans: RosterImportError[] = valid.technicians
      .filter((t) => !inFile.has(t.agencyCode) && !inDb.has(t.agencyCode))
      .map((t) => ({
        sheet: TECHNICIAN_SHEET,
        row: t.row,
        column: TECHNICIAN_COLUMNS.agencyCode,
        reason: `未知的机构“${t.agencyCode}”（既不在“${AGENCY_SHEET}”表中，也不在系统中）`,
      }));
    if (orphans.length > 0) {
      throw invalidRoster(orphans, orphans.length);
    }
    const byCode = new Map(agencies.map((a) => [a.code, a]));
    const touched = new Set([...inFile, ...valid.technicians.map((t) => t.agencyCode)]);
    const touchedIds = [...touched].flatMap((c) => (byCode.has(c) ? [byCode.get(c)!.id] : []));
    const codeOfId = new Map(agencies.map((a) => [a.id, a.code]));
    const existing: ExistingTechnician[] = [];
    for (const ids of chunks(touchedIds, READ_CHUNK_AGENCIES)) {
      for (const t of await m.find(Technician, { where: { agencyId: In(ids) } })) {
        existing.push({ ...t, agencyCode: codeOfId.get(t.agencyId)! });
      }
      await breathe();
    }
    return { agencies, plan: await planRosterImportInSlices(valid, { agencies, technicians: existing }) };
  }

  /**
   * Every write to agencies and technicians goes through here: the version counts the roster transactions that
   * began and ended on this node (only this service writes those tables), so that an import on SQLite — one
   * node, one connection — knows whether the roster it compared before its transaction is still the one inside.
   * `work` receives the version as it was when the transaction began.
   */
  private rosterTransaction<T>(work: (m: EntityManager, version: number) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, async (m) => {
      const version = this.rosterVersion++;
      try {
        return await work(m, version);
      } finally {
        this.rosterVersion++;
      }
    });
  }

  /** Writes the plan in slices, reporting progress and letting the event loop serve others between slices. */
  private async applyPlan(m: EntityManager, plan: RosterPlan, track: ImportTracker): Promise<void> {
    const now = new Date();
    const toWrite =
      plan.agencyCreates.length +
      plan.agencyUpdates.length +
      plan.technicianCreates.length +
      plan.technicianUpdates.length +
      plan.technicianDeactivations.length;
    let written = 0;
    const wrote = async (n: number) => {
      written += n;
      track.set({ phase: 'writing', written, toWrite });
      await breathe();
    };
    await wrote(0);
    for (const part of chunks(plan.agencyCreates, INSERT_CHUNK)) {
      await bulkInsertEntities(
        m,
        Agency,
        AGENCY_INSERT_COLUMNS,
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
      await wrote(part.length);
    }
    for (const part of chunks(plan.agencyUpdates, UPDATE_SLICE)) {
      for (const u of part) {
        await m.update(Agency, { id: u.id }, { ...u.changes, updatedAt: now });
      }
      await wrote(part.length);
    }
    const idOf = new Map(
      (await m.find(Agency, { select: { id: true, code: true } })).map((a) => [a.code, a.id]),
    );
    for (const part of chunks(plan.technicianCreates, INSERT_CHUNK)) {
      await bulkInsertEntities(
        m,
        Technician,
        TECHNICIAN_INSERT_COLUMNS,
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
      await wrote(part.length);
    }
    for (const part of chunks(plan.technicianUpdates, UPDATE_SLICE)) {
      for (const u of part) {
        await m.update(Technician, { id: u.id }, { ...u.changes, updatedAt: now });
      }
      await wrote(part.length);
    }
    for (const part of chunks(plan.technicianDeactivations, INSERT_CHUNK)) {
      await m.update(Technician, { id: In(part.map((d) => d.id)) }, { active: false, updatedAt: now });
      await wrote(part.length);
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

/** The refusal of a file with bad rows: the first ROSTER_ERRORS_KEPT of them, and how many there are. */
function invalidRoster(errors: RosterImportError[], total: number): RuleViolationError {
  return new RuleViolationError(`导入失败：发现 ${total} 处错误，未导入任何数据`, 'roster_import_invalid', {
    errors: errors.slice(0, ROSTER_ERRORS_KEPT),
    total,
  });
}

/**
 * Lets the event loop run other requests (socket acknowledgements, /health) before the next slice. Needed on
 * SQLite, whose driver is synchronous: awaiting its queries alone never yields to I/O.
 */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
