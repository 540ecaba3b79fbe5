import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/actor';
import { assertAdmin } from '../common/ownership';
import { AuditEntry } from './audit-entry.entity';
import {
  actionKindsMatching,
  actorLabel,
  auditPhrase,
  AuditNames,
  beijingDayStart,
  beijingTime,
  candidateLabel,
  referencesOf,
  refLabel,
  staffLabel,
} from './audit-sentences';
import { AuditService } from './audit.service';
import { auditWorkbook } from './audit-workbook';
import type {
  AuditActorOptionDto,
  AuditFilterDto,
  AuditPageDto,
  AuditSentenceDto,
  ListAuditQueryDto,
} from './dto/list-audit-query.dto';
import { timeParam } from '../database/sql';

/** Rows one export may hold; past it the administrator narrows the filter. */
export const AUDIT_EXPORT_MAX = 50_000;

/** Ids one free-text name lookup may add to the search (a common surname must not build a huge IN list). */
const NAME_HITS = 500;

const DAY_MS = 24 * 3600 * 1000;

/** A raw query's text or number column as text. */
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Tables whose rows the log names, and how ("批次“2026年度…”"). Read only, to name what the rows point at. */
const NAMED: Record<string, { sql: string; label: (r: Record<string, unknown>) => string }> = {
  user: {
    sql: 'SELECT id, display_name AS name, role AS extra FROM users WHERE id IN',
    label: (r) => staffLabel(text(r.extra), text(r.name)),
  },
  candidate: {
    sql: 'SELECT id, name, ticket_number AS extra FROM sitting_candidates WHERE id IN',
    label: (r) => candidateLabel(text(r.name), r.extra === null ? null : text(r.extra)),
  },
  'sitting-candidate': {
    sql: 'SELECT id, name, ticket_number AS extra FROM sitting_candidates WHERE id IN',
    label: (r) => candidateLabel(text(r.name), r.extra === null ? null : text(r.extra)),
  },
  campaign: { sql: 'SELECT id, name FROM campaigns WHERE id IN', label: (r) => `批次“${text(r.name)}”` },
  sitting: { sql: 'SELECT id, name FROM sittings WHERE id IN', label: (r) => `场次“${text(r.name)}”` },
  agency: { sql: 'SELECT id, name FROM agencies WHERE id IN', label: (r) => `机构“${text(r.name)}”` },
  technician: {
    sql: 'SELECT id, name FROM technicians WHERE id IN',
    label: (r) => `技术人员 ${text(r.name)}`,
  },
  'rating-round': {
    sql: 'SELECT id, name FROM rating_rounds WHERE id IN',
    label: (r) => `评定“${text(r.name)}”`,
  },
  'rating-agency': {
    sql: 'SELECT id, name FROM rating_agencies WHERE id IN',
    label: (r) => `受评机构“${text(r.name)}”`,
  },
};

/**
 * The audit log as people read it: filtered, paged, each row a sentence with names (audit-sentences.ts), and the
 * same list as an Excel file (the export itself audited). Administrators only.
 */
@Injectable()
export class AuditSearchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async page(actor: Actor, q: ListAuditQueryDto): Promise<AuditPageDto> {
    assertAdmin(actor);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = await this.filtered(q);
    const [entries, total] = await qb
      .orderBy('a.seq', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { rows: await this.sentences(entries), total, page, pageSize };
  }

  async export(actor: Actor, q: AuditFilterDto): Promise<Buffer> {
    assertAdmin(actor);
    const qb = await this.filtered(q);
    const entries = await qb.orderBy('a.seq', 'DESC').take(AUDIT_EXPORT_MAX).getMany();
    const filter = describeFilter(q, await this.names(q.actor ? [q.actor] : []));
    // Who took the log away, with what filter, is itself recorded.
    await this.audit.record(actor, {
      action: 'audit.export',
      target: 'audit',
      details: { rows: entries.length, filter, ...q },
    });
    return auditWorkbook(await this.sentences(entries), filter);
  }

  /** Everyone who can appear as an actor: staff accounts, then the system and anonymous callers. */
  async actors(actor: Actor): Promise<AuditActorOptionDto[]> {
    assertAdmin(actor);
    const users: Array<Record<string, unknown>> = await this.ds.query(
      'SELECT id, username, display_name, role FROM users ORDER BY id',
    );
    return [
      ...users.map((u) => ({
        value: `user:${Number(u.id)}`,
        label: `${staffLabel(text(u.role), text(u.display_name))}（${text(u.username)}）`,
      })),
      { value: 'system', label: '系统' },
      { value: 'anonymous', label: '未登录的访问者' },
    ];
  }

  private async sentences(entries: readonly AuditEntry[]): Promise<AuditSentenceDto[]> {
    const rows = entries.map((e) => ({ ...e, at: e.at }));
    const names = await this.names(referencesOf(rows));
    return entries.map((e) => {
      const phrase = auditPhrase(e, names);
      const actorName = actorLabel(e.actor, names);
      return {
        seq: e.seq,
        at: e.at.toISOString(),
        atBeijing: beijingTime(e.at, true),
        actor: e.actor,
        actorName,
        action: e.action,
        target: e.target,
        targetName: refLabel(e.target, names),
        phrase,
        sentence: `${beijingTime(e.at)} ${actorName} ${phrase}`,
        details: e.details,
        prevHash: e.prevHash,
        hash: e.hash,
      };
    });
  }

  /** Display names of references ("user:3" → "管理员 张三"), one query per kind. */
  async names(refs: readonly string[]): Promise<AuditNames> {
    const byKind = new Map<string, number[]>();
    for (const ref of refs) {
      const m = /^([a-z-]+):(\d+)$/.exec(ref);
      if (m && NAMED[m[1]]) {
        byKind.set(m[1], [...(byKind.get(m[1]) ?? []), Number(m[2])]);
      }
    }
    const out = new Map<string, string>();
    for (const [kind, ids] of byKind) {
      const { sql, label } = NAMED[kind];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const found: Array<Record<string, unknown>> = await this.ds.query(
          `${sql} (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
        for (const r of found) {
          out.set(`${kind}:${Number(r.id)}`, label(r));
        }
      }
    }
    return out;
  }

  private async filtered(q: AuditFilterDto): Promise<SelectQueryBuilder<AuditEntry>> {
    const qb = this.ds.getRepository(AuditEntry).createQueryBuilder('a');
    if (q.actor) {
      qb.andWhere('a.actor = :actor', { actor: q.actor });
    }
    if (q.action) {
      if (q.action.endsWith('.')) {
        qb.andWhere('a.action LIKE :prefix', { prefix: `${q.action}%` });
      } else {
        qb.andWhere('a.action = :action', { action: q.action });
      }
    }
    if (q.from) {
      qb.andWhere('a.at >= :from', { from: this.time(beijingDayStart(q.from)) });
    }
    if (q.to) {
      qb.andWhere('a.at < :to', { to: this.time(new Date(beijingDayStart(q.to).getTime() + DAY_MS)) });
    }
    const text = q.q?.trim();
    if (text) {
      const like = `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      const people = await this.peopleNamed(like);
      const kinds = actionKindsMatching(text);
      qb.andWhere(
        new Brackets((w) => {
          w.where("a.action LIKE :like ESCAPE '!'", { like })
            .orWhere("a.target LIKE :like ESCAPE '!'", { like })
            .orWhere("a.details LIKE :like ESCAPE '!'", { like });
          if (people.length > 0) {
            w.orWhere('a.actor IN (:...people)', { people }).orWhere('a.target IN (:...people)', { people });
          }
          if (kinds.length > 0) {
            w.orWhere('a.action IN (:...kinds)', { kinds });
          }
        }),
      );
    }
    return qb;
  }

  /** References of the staff and candidates whose name, user name or ticket number matches (a LIKE pattern). */
  private async peopleNamed(like: string): Promise<string[]> {
    const users: Array<{ id: number }> = await this.ds.query(
      `SELECT id FROM users WHERE display_name LIKE ? ESCAPE '!' OR username LIKE ? ESCAPE '!' LIMIT ${NAME_HITS}`,
      [like, like],
    );
    const candidates: Array<{ id: number }> = await this.ds.query(
      `SELECT id FROM sitting_candidates WHERE name LIKE ? ESCAPE '!' OR ticket_number LIKE ? ESCAPE '!' LIMIT ${NAME_HITS}`,
      [like, like],
    );
    return [
      ...users.map((u) => `user:${Number(u.id)}`),
      ...candidates.flatMap((c) => [`candidate:${Number(c.id)}`, `sitting-candidate:${Number(c.id)}`]),
    ];
  }

  /** A time as a query parameter: SQLite compares TypeORM's UTC text, MySQL takes the Date. */
  private time(d: Date): Date | string {
    return timeParam(this.ds, d);
  }
}

/** The filter in words, for the export's first line and its audit record. */
export function describeFilter(q: AuditFilterDto, names: AuditNames): string {
  const parts: string[] = [];
  if (q.actor) {
    parts.push(`操作人 ${refLabel(q.actor, names)}`);
  }
  if (q.action) {
    parts.push(`操作 ${q.action}`);
  }
  if (q.from || q.to) {
    parts.push(`日期 ${q.from ?? '…'} 至 ${q.to ?? '…'}`);
  }
  if (q.q?.trim()) {
    parts.push(`关键词“${q.q.trim()}”`);
  }
  return parts.join('，');
}
