import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/actor';
import { NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { CampaignAgency } from '../sampling/campaign-agency.entity';
import { SamplingService } from '../sampling/sampling.service';
import { timeValue } from '../sessions/db-time';
import type { Subtotal } from './grade-paper';
import { GradeChange } from './grade-change.entity';
import { Grade, GradeStatus } from './grade.entity';
import { classify, DEFAULT_EXPERT_THRESHOLD } from './result-lists';
import { RecordedAbsence } from './recorded-absence.entity';
import { ScoringSetting } from './scoring-setting.entity';

/**
 * graded / voided / absent count; pending (in progress, re-opened, not yet graded, sitting ahead) and unplaced
 * (drawn, but in no sitting and with no recorded absence) block results.
 */
export type ResultStanding = 'graded' | 'voided' | 'absent' | 'pending' | 'unplaced';

/** One sampled technician's result in a campaign (internal: carries the ID number; never return it publicly). */
export interface CandidateResult {
  technicianId: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  name: string;
  idNumber: string;
  discipline: string;
  via: 'drawn' | 'substitute';
  ticketNumber: string | null;
  sittingId: number | null;
  attemptId: number | null;
  standing: ResultStanding;
  /** The recorded reason when the absence was recorded by an administrator (no sitting). */
  absenceReason: string | null;
  /** Hundredths on the 100-point scale; 0 unless graded. */
  score100: number;
  /** Hundredths; null without a paper's grade. */
  passMark100: number | null;
  passed: boolean;
  expert: boolean;
  bySection: Partial<Record<'judge' | 'single' | 'multiple', Subtotal>>;
  byPart: Partial<Record<'common' | 'discipline', Subtotal>>;
  /** The grade's revision (0 without a grade). */
  revision: number;
}

export interface CampaignAgencyFigures {
  agencyId: number;
  code: string;
  name: string;
  /** N of the frozen roster. */
  n: number;
  /** k = ceil(ratio × N). */
  k: number;
}

const parse = <T>(v: unknown, fallback: T): T =>
  typeof v === 'string' ? (JSON.parse(v) as T) : ((v as T) ?? fallback);

/** A grade counts only when it matches the attempt's state (a voided attempt graded before its voiding is pending). */
function standingOf(attemptStatus: string, gradeStatus: GradeStatus | undefined): ResultStanding {
  if (gradeStatus === 'voided' && attemptStatus === 'voided') {
    return 'voided';
  }
  if (gradeStatus === 'graded' && attemptStatus === 'submitted') {
    return 'graded';
  }
  return 'pending';
}

/**
 * Reads a campaign's results: the sample (SamplingService, substitutions already applied) joined with sitting
 * places, attempts and grades. Publication and the exports build on it.
 */
@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sampling: SamplingService,
  ) {}

  async expertThreshold(campaignId: number, m?: EntityManager): Promise<number> {
    const s = await (m ?? this.ds.manager).findOne(ScoringSetting, { where: { campaignId } });
    return s?.expertThreshold ?? DEFAULT_EXPERT_THRESHOLD;
  }

  /** The campaign's agencies with N and k from the frozen roster (agencies with N = 0 included). */
  async agencies(campaignId: number): Promise<CampaignAgencyFigures[]> {
    const rows = await this.ds
      .getRepository(CampaignAgency)
      .find({ where: { campaignId }, order: { code: 'ASC' } });
    return rows.map((a) => ({ agencyId: a.agencyId, code: a.code, name: a.name, n: a.n, k: a.k }));
  }

  async campaignResults(campaignId: number, now: Date = new Date()): Promise<CandidateResult[]> {
    const sample = await this.sampling.sampledTechnicians(campaignId);
    const threshold = await this.expertThreshold(campaignId);
    const places: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT c.technician_id, c.ticket_number, c.sitting_id, s.window_end, s.closed_at, a.id AS attempt_id, a.status AS attempt_status
         FROM sitting_candidates c
         JOIN sittings s ON s.id = c.sitting_id
         LEFT JOIN attempts a ON a.sitting_candidate_id = c.id
        WHERE c.campaign_id = ?`,
      [campaignId],
    );
    const placeOf = new Map(places.map((p) => [Number(p.technician_id), p]));
    const grades: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT technician_id, attempt_id, status, score100, pass_mark100, passed, by_section, by_part, revision
         FROM grades WHERE campaign_id = ?`,
      [campaignId],
    );
    const gradeOf = new Map(grades.map((g) => [Number(g.attempt_id), g]));
    const absences = await this.ds.getRepository(RecordedAbsence).find({ where: { campaignId } });
    const absenceOf = new Map(absences.map((a) => [a.technicianId, a]));
    return sample.map((t) => {
      const place = placeOf.get(t.technicianId);
      const attemptId =
        place?.attempt_id === null || place?.attempt_id === undefined ? null : Number(place.attempt_id);
      const grade = attemptId === null ? undefined : gradeOf.get(attemptId);
      let standing: ResultStanding;
      const recorded = absenceOf.get(t.technicianId);
      if (!place) {
        // Never placed: 0 only once an administrator recorded the absence and why.
        standing = recorded ? 'absent' : 'unplaced';
      } else if (attemptId === null && recorded) {
        standing = 'absent';
      } else if (attemptId === null) {
        // A sitting closed early (结束场次) has ended whatever its window said.
        const ended =
          (place.closed_at !== null && place.closed_at !== undefined) ||
          timeValue(place.window_end as Date | string) <= now;
        standing = ended ? 'absent' : 'pending';
      } else {
        standing = standingOf(place.attempt_status as string, grade?.status as GradeStatus | undefined);
      }
      const score100 = standing === 'graded' && grade ? Number(grade.score100) : 0;
      const passMark100 = grade ? Number(grade.pass_mark100) : null;
      const c =
        standing === 'graded' || standing === 'voided' || standing === 'absent'
          ? classify(standing, score100, passMark100 ?? 0, threshold)
          : { passed: false, expert: false };
      return {
        technicianId: t.technicianId,
        agencyId: t.agencyId,
        agencyCode: t.agencyCode,
        agencyName: t.agencyName,
        name: t.name,
        idNumber: t.idNumber,
        discipline: t.discipline,
        via: t.via,
        ticketNumber: place ? String(place.ticket_number) : null,
        sittingId: place ? Number(place.sitting_id) : null,
        attemptId,
        standing,
        absenceReason: standing === 'absent' ? (recorded?.reason ?? null) : null,
        score100,
        passMark100,
        passed: c.passed,
        expert: c.expert,
        bySection: grade && standing === 'graded' ? parse(grade.by_section, {}) : {},
        byPart: grade && standing === 'graded' ? parse(grade.by_part, {}) : {},
        revision: grade ? Number(grade.revision) : 0,
      };
    });
  }

  async results(actor: Actor, campaignId: number): Promise<CandidateResult[]> {
    assertAdmin(actor);
    return this.campaignResults(campaignId);
  }

  async gradeOf(actor: Actor, attemptId: number): Promise<Grade> {
    assertAdmin(actor);
    const g = await this.ds.getRepository(Grade).findOne({ where: { attemptId } });
    if (!g) {
      throw new NotFoundError('答卷成绩', attemptId);
    }
    return g;
  }

  /** The results history, newest first: every grade an attempt has had, with who sat it. */
  async history(
    actor: Actor,
    campaignId: number,
    q: {
      attemptId?: number;
      technicianId?: number;
      keyCorrectionId?: number;
      limit?: number;
      beforeId?: number;
    },
  ): Promise<Array<{ change: GradeChange; who?: { name: string; agencyName: string } }>> {
    assertAdmin(actor);
    const qb = this.ds
      .getRepository(GradeChange)
      .createQueryBuilder('c')
      .where('c.campaignId = :campaignId', { campaignId })
      .orderBy('c.id', 'DESC')
      .limit(q.limit ?? 200);
    if (q.attemptId) {
      qb.andWhere('c.attemptId = :attemptId', { attemptId: q.attemptId });
    }
    if (q.technicianId) {
      qb.andWhere('c.technicianId = :technicianId', { technicianId: q.technicianId });
    }
    if (q.keyCorrectionId) {
      qb.andWhere('c.keyCorrectionId = :k', { k: q.keyCorrectionId });
    }
    if (q.beforeId) {
      qb.andWhere('c.id < :beforeId', { beforeId: q.beforeId });
    }
    const changes = await qb.getMany();
    const techIds = [...new Set(changes.map((c) => c.technicianId))];
    const people: Array<{ technician_id: number; name: string; agency_name: string }> =
      techIds.length === 0
        ? []
        : await this.ds.query(
            `SELECT technician_id, name, agency_name FROM sitting_candidates
              WHERE campaign_id = ? AND technician_id IN (${techIds.map(() => '?').join(',')})`,
            [campaignId, ...techIds],
          );
    const who = new Map(
      people.map((p) => [Number(p.technician_id), { name: p.name, agencyName: p.agency_name }]),
    );
    return changes.map((change) => ({ change, who: who.get(change.technicianId) }));
  }
}
