import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/actor';
import { NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { CampaignAgency } from '../sampling/campaign-agency.entity';
import { AuditService } from '../audit/audit.service';
import { PaperViewsService } from '../papers/paper-views.service';
import { maskIdNumber } from '../roster/mask';
import { disciplineName } from '../config/disciplines';
import { SamplingService } from '../sampling/sampling.service';
import { formatCenti } from './component';
import type { AnswerSheetDto } from './dto/answer-sheet.dto';
import { parseStoredResponse } from './stored-response';
import { timeValue } from '../database/sql';
import type { Subtotal } from './grade-paper';
import { GradeChange } from './grade-change.entity';
import { Grade, GradeStatus } from './grade.entity';
import { classify, DEFAULT_EXPERT_THRESHOLD, filterResults, ResultFilter } from './result-lists';
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
    private readonly papers: PaperViewsService,
    private readonly audit: AuditService,
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

  /** The staff results list, searched and filtered (see filterResults); everyone without a filter. */
  async results(actor: Actor, campaignId: number, filter: ResultFilter = {}): Promise<CandidateResult[]> {
    assertAdmin(actor);
    return filterResults(await this.campaignResults(campaignId), filter);
  }

  async gradeOf(actor: Actor, attemptId: number): Promise<Grade> {
    assertAdmin(actor);
    const g = await this.ds.getRepository(Grade).findOne({ where: { attemptId } });
    if (!g) {
      throw new NotFoundError('答卷成绩', attemptId);
    }
    return g;
  }

  /**
   * A candidate's answer sheet (答卷) for an administrator handling an objection: the paper as the candidate saw
   * it with the key, the candidate's answers, each item's mark and the grade. Reading it is audited (it shows a
   * person's answers), with the objection it was read for when given.
   */
  async answerSheet(actor: Actor, attemptId: number, objectionId?: number): Promise<AnswerSheetDto> {
    assertAdmin(actor);
    const [head]: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT a.id, a.status, a.paper_id, a.submitted_at, a.void_reason, c.id AS candidate_id, c.campaign_id,
              c.technician_id, c.name, c.id_number, c.agency_name, c.discipline, c.ticket_number, s.name AS sitting_name
         FROM attempts a
         JOIN sitting_candidates c ON c.id = a.sitting_candidate_id
         JOIN sittings s ON s.id = c.sitting_id
        WHERE a.id = ?`,
      [attemptId],
    );
    if (!head) {
      throw new NotFoundError('答卷', attemptId);
    }
    const campaignId = Number(head.campaign_id);
    const paper = await this.papers.adminPaper(actor, campaignId, Number(head.paper_id));
    const answers: Array<{ question_id: number; response: string }> = await this.ds.query(
      'SELECT question_id, response FROM answers WHERE attempt_id = ?',
      [attemptId],
    );
    const given = new Map(
      answers.map((a) => [Number(a.question_id), parseStoredResponse(String(a.response))]),
    );
    const grade = await this.ds.getRepository(Grade).findOne({ where: { attemptId } });
    const credits = new Map((grade?.credits ?? []).map(([q, earned, o]) => [q, { earned, o }]));
    const OUTCOMES = { c: 'correct', p: 'partial', w: 'wrong', b: 'blank' } as const;
    const candidateId = Number(head.candidate_id);
    await this.audit.record(actor, {
      action: 'scoring.answer-sheet.view',
      target: `sitting-candidate:${candidateId}`,
      details: { attemptId, campaignId, ...(objectionId ? { objectionId } : {}) },
    });
    return {
      attemptId,
      attemptStatus: String(head.status),
      submittedAt: head.submitted_at ? timeValue(head.submitted_at as Date | string) : null,
      voidReason: typeof head.void_reason === 'string' ? head.void_reason : null,
      candidate: {
        sittingCandidateId: candidateId,
        technicianId: Number(head.technician_id),
        name: String(head.name),
        maskedIdNumber: maskIdNumber(String(head.id_number)),
        agencyName: String(head.agency_name),
        disciplineName: disciplineName(String(head.discipline)),
        ticketNumber: String(head.ticket_number),
        sittingName: String(head.sitting_name),
      },
      paper,
      items: paper.sections.flatMap((s) =>
        s.questions.map((q) => {
          const c = credits.get(q.questionId);
          return {
            questionId: q.questionId,
            response: given.get(q.questionId) ?? null,
            earned: c ? formatCenti(c.earned) : null,
            outcome: c ? OUTCOMES[c.o] : null,
          };
        }),
      ),
      grade: grade
        ? {
            status: grade.status,
            score: formatCenti(grade.score100),
            passMark: formatCenti(grade.passMark100),
            passed: Boolean(grade.passed),
            keyCorrections: grade.keyCorrections,
            ruleVersion: grade.ruleVersion,
            gradedAt: grade.gradedAt,
          }
        : null,
    };
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
