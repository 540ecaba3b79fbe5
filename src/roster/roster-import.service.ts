import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorRef, type Actor } from '../common/actor';
import { NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { DEFAULT_DISCIPLINES, disciplineName } from '../config/disciplines';
import { Agency } from './agency.entity';
import { ImportResultDto, ImportRosterDto } from './dto/roster-import.dto';
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
import { bulkInsertEntities, chunks, isSqlite } from '../database/sql';
import { RosterTransactions } from './roster-transactions';
import { TechniciansService } from './technicians.service';

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

/** The roster spreadsheet: the template, the export, and the import (its plan, its progress). */
@Injectable()
export class RosterImportService {
  private readonly log = new Logger(RosterImportService.name);
  private readonly progress = new ImportProgressRegistry();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(rosterConfig.KEY) private readonly config: ConfigType<typeof rosterConfig>,
    private readonly technicians: TechniciansService,
    private readonly writes: RosterTransactions,
    private readonly audit: AuditService,
  ) {}

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
      ? { version: this.writes.version, ...(await this.planImport(this.dataSource.manager, valid)) }
      : null;
    return this.writes.run(async (m, version) => {
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
        conflicts: await this.technicians.findConflicts(m),
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

  // ------------------------------------------------------------------ helpers

  private workbookLists() {
    return { counties: this.config.counties, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
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
