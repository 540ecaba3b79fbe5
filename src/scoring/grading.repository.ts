import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeKey } from '../papers/paper-codec';
import type { MultipleRule } from '../papers/paper-view';
import type { Part } from '../papers/plan';
import type { AnswerValue, QuestionType } from '../question-bank/question-type';
import type { AttemptStatus } from '../sessions/attempt.entity';
import type { CorrectionInForce, FrozenPaper, FrozenQuestion } from './grade-attempt';
import { KeyCorrection } from './key-correction.entity';
import { placeholders, rawRows } from '../database/sql';
import { parseStoredResponse } from './stored-response';

/** An attempt with who sat it, as grading needs it. */
export interface AttemptToGrade {
  attemptId: number;
  status: AttemptStatus;
  paperId: number;
  sittingId: number;
  sittingCandidateId: number;
  campaignId: number;
  technicianId: number;
  agencyId: number;
  discipline: string;
}

const TYPES: readonly QuestionType[] = ['judge', 'single', 'multiple'];

/** One attempt with its frozen paper and responses, ready for gradeAttempt(). */
export interface GradingInput {
  attempt: AttemptToGrade;
  paper: FrozenPaper;
  responses: Map<number, AnswerValue | null>;
}


/**
 * The reads grading makes in bulk: attempts with their candidates, frozen papers (the papers module's
 * paper_questions rows: item versions, shuffles and keys as delivered) and the answers. Raw column lists keep
 * 10,000 attempts' worth of rows cheap to load.
 */
@Injectable()
export class GradingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private q(m?: EntityManager): EntityManager {
    return m ?? this.ds.manager;
  }

  async findAttempts(attemptIds: readonly number[], m?: EntityManager): Promise<AttemptToGrade[]> {
    if (attemptIds.length === 0) {
      return [];
    }
    const rows: Array<Record<string, unknown>> = await this.q(m).query(
      `SELECT a.id AS attempt_id, a.status, a.paper_id, a.sitting_id, a.sitting_candidate_id,
              c.campaign_id, c.technician_id, c.agency_id, c.discipline
         FROM attempts a JOIN sitting_candidates c ON c.id = a.sitting_candidate_id
        WHERE a.id IN (${placeholders(attemptIds.length)})`,
      [...attemptIds],
    );
    return rows.map((r) => ({
      attemptId: Number(r.attempt_id),
      status: r.status as AttemptStatus,
      paperId: Number(r.paper_id),
      sittingId: Number(r.sitting_id),
      sittingCandidateId: Number(r.sitting_candidate_id),
      campaignId: Number(r.campaign_id),
      technicianId: Number(r.technician_id),
      agencyId: Number(r.agency_id),
      discipline: String(r.discipline),
    }));
  }

  /**
   * Closed attempts (submitted or voided) of a campaign, or of one sitting; with `onlyPending`, only those
   * without a grade that matches their state (never graded, re-opened and submitted again, voided after grading).
   */
  async findClosedAttemptIds(
    scope: { campaignId: number; sittingId?: number },
    onlyPending: boolean,
  ): Promise<number[]> {
    const params: unknown[] = [scope.campaignId];
    let where = `c.campaign_id = ? AND a.status IN ('submitted', 'voided')`;
    if (scope.sittingId !== undefined) {
      where += ' AND a.sitting_id = ?';
      params.push(scope.sittingId);
    }
    if (onlyPending) {
      where += ` AND (g.id IS NULL OR g.status = 'reopened' OR (a.status = 'voided') <> (g.status = 'voided'))`;
    }
    const rows: Array<{ id: number }> = await this.ds.query(
      `SELECT a.id FROM attempts a
         JOIN sitting_candidates c ON c.id = a.sitting_candidate_id
         LEFT JOIN grades g ON g.attempt_id = a.id
        WHERE ${where} ORDER BY a.id`,
      params,
    );
    return rows.map((r) => Number(r.id));
  }

  /**
   * Everything grading needs for a chunk of attempts in two queries: the attempts with their candidate and paper
   * settings, then one row per paper question with the attempt's response joined in (null when unanswered),
   * in paper order. `withOrder` adds the shuffles (needed only when a key correction is in force).
   */
  async loadGradingInputs(
    attemptIds: readonly number[],
    withOrder: boolean,
    m?: EntityManager,
  ): Promise<GradingInput[]> {
    if (attemptIds.length === 0) {
      return [];
    }
    const ids = [...attemptIds];
    const heads: Array<Record<string, unknown>> = await this.q(m).query(
      `SELECT a.id, a.status, a.paper_id, a.sitting_id, a.sitting_candidate_id,
              c.campaign_id, c.technician_id, c.agency_id, c.discipline,
              p.total_points, p.pass_mark, p.multiple_rule
         FROM attempts a
         JOIN sitting_candidates c ON c.id = a.sitting_candidate_id
         JOIN papers p ON p.id = a.paper_id
        WHERE a.id IN (${placeholders(ids.length)})`,
      ids,
    );
    const byAttempt = new Map<number, GradingInput>();
    for (const r of heads) {
      const attemptId = Number(r.id);
      const campaignId = Number(r.campaign_id);
      const paperId = Number(r.paper_id);
      byAttempt.set(attemptId, {
        attempt: {
          attemptId,
          status: r.status as AttemptStatus,
          paperId,
          sittingId: Number(r.sitting_id),
          sittingCandidateId: Number(r.sitting_candidate_id),
          campaignId,
          technicianId: Number(r.technician_id),
          agencyId: Number(r.agency_id),
          discipline: String(r.discipline),
        },
        paper: {
          paperId,
          campaignId,
          technicianId: Number(r.technician_id),
          discipline: String(r.discipline),
          totalPoints: Number(r.total_points),
          passMark: Number(r.pass_mark),
          multipleRule: r.multiple_rule as MultipleRule,
          questions: [],
        },
        responses: new Map(),
      });
    }
    // [attempt id, question id, type 0|1|2, version id, key, points, part 0|1, source, option order | '', position].
    // Type and part come as numbers (a million short strings fewer for the garbage collector); no ORDER BY
    // (sorting costs the database more than the join itself), so rows are put in paper order here. The answers
    // are read on their own, one range of the (attempt, question) index per attempt, and matched here: joining
    // them in would make the database look up every paper question's answer one by one.
    const [rows, answers] = await Promise.all([
      rawRows(
        m ?? this.ds,
        `SELECT a.id, q.id, CASE q.section_type WHEN 'judge' THEN 0 WHEN 'single' THEN 1 ELSE 2 END, q.version_id,
                q.answer_key, q.points, CASE q.part WHEN 'common' THEN 0 ELSE 1 END, q.source_key,
                ${withOrder ? 'q.option_order' : "''"}, q.position
           FROM attempts a
           JOIN paper_questions q ON q.paper_id = a.paper_id
          WHERE a.id IN (${placeholders(ids.length)})`,
        ids,
      ),
      rawRows(
        m ?? this.ds,
        `SELECT attempt_id, question_id, response FROM answers WHERE attempt_id IN (${placeholders(ids.length)})`,
        ids,
      ),
    ]);
    const responses = new Map<number, Map<number, string>>();
    for (const r of answers) {
      const attemptId = Number(r[0]);
      let mine = responses.get(attemptId);
      if (!mine) {
        mine = new Map();
        responses.set(attemptId, mine);
      }
      mine.set(Number(r[1]), r[2] as string);
    }
    let input: GradingInput | undefined;
    let given: Map<number, string> | undefined;
    let current = -1;
    const unordered = new Set<GradingInput>();
    for (const r of rows) {
      const attemptId = Number(r[0]);
      if (attemptId !== current) {
        current = attemptId;
        input = byAttempt.get(attemptId);
        given = responses.get(attemptId);
      }
      if (!input) {
        continue;
      }
      const type = TYPES[Number(r[2])];
      const questionId = Number(r[1]);
      const position = Number(r[9]);
      const questions = input.paper.questions;
      if (questions.length > 0 && questions[questions.length - 1].position > position) {
        unordered.add(input);
      }
      questions.push({
        questionId,
        position,
        type,
        points: Number(r[5]),
        key: decodeKey(type, r[4] as string),
        itemId: 0,
        versionId: Number(r[3]),
        sourceKey: r[7] as string,
        article: '',
        part: Number(r[6]) === 0 ? 'common' : 'discipline',
        optionOrder: (r[8] as string | null) ?? '',
      });
      const response = given?.get(questionId);
      if (response !== undefined && response !== null) {
        input.responses.set(questionId, parseStoredResponse(response));
      }
    }
    for (const x of unordered) {
      x.paper.questions.sort((a, b) => a.position - b.position);
    }
    return [...byAttempt.values()];
  }

  /** Whether any key correction exists at all (grading then also reads the shuffles). */
  async anyCorrections(m?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.q(m).query('SELECT id FROM key_corrections LIMIT 1');
    return rows.length > 0;
  }

  /** Campaigns among these that have a key correction (their grading needs the shuffles). */
  async campaignsWithCorrections(campaignIds: readonly number[], m?: EntityManager): Promise<Set<number>> {
    if (campaignIds.length === 0) {
      return new Set();
    }
    const rows: Array<{ campaign_id: number }> = await this.q(m).query(
      `SELECT DISTINCT campaign_id FROM key_corrections WHERE campaign_id IN (${placeholders(campaignIds.length)})`,
      [...campaignIds],
    );
    return new Set(rows.map((r) => Number(r.campaign_id)));
  }

  /** Campaigns of these attempts (to know, before loading, whether corrections apply). */
  async campaignsOfAttempts(attemptIds: readonly number[], m?: EntityManager): Promise<number[]> {
    if (attemptIds.length === 0) {
      return [];
    }
    const rows: Array<{ campaign_id: number }> = await this.q(m).query(
      `SELECT DISTINCT c.campaign_id FROM attempts a JOIN sitting_candidates c ON c.id = a.sitting_candidate_id
        WHERE a.id IN (${placeholders(attemptIds.length)})`,
      [...attemptIds],
    );
    return rows.map((r) => Number(r.campaign_id));
  }

  /** Attempts of a campaign whose paper holds an item version. */
  async findAttemptIdsWithVersion(
    campaignId: number,
    versionId: number,
    m?: EntityManager,
  ): Promise<number[]> {
    const rows: Array<{ id: number }> = await this.q(m).query(
      `SELECT a.id FROM attempts a
         JOIN sitting_candidates c ON c.id = a.sitting_candidate_id
        WHERE c.campaign_id = ? AND a.status IN ('submitted', 'voided')
          AND a.paper_id IN (SELECT q.paper_id FROM paper_questions q WHERE q.version_id = ?)
        ORDER BY a.id`,
      [campaignId, versionId],
    );
    return rows.map((r) => Number(r.id));
  }

  /** One frozen question of the campaign's papers holding the version (its type and shuffle), if any. */
  async findQuestionWithVersion(
    campaignId: number,
    versionId: number,
    m?: EntityManager,
  ): Promise<{ itemId: number; type: QuestionType; optionOrder: string; shownKey: AnswerValue } | null> {
    const rows: Array<Record<string, unknown>> = await this.q(m).query(
      `SELECT q.item_id, q.section_type, q.option_order, q.answer_key
         FROM paper_questions q JOIN papers p ON p.id = q.paper_id
        WHERE p.campaign_id = ? AND q.version_id = ?
        LIMIT 1`,
      [campaignId, versionId],
    );
    if (rows.length === 0) {
      return null;
    }
    const type = rows[0].section_type as QuestionType;
    return {
      itemId: Number(rows[0].item_id),
      type,
      optionOrder: (rows[0].option_order as string | null) ?? '',
      shownKey: decodeKey(type, String(rows[0].answer_key)),
    };
  }

  /** Frozen papers with their questions in paper order. */
  async loadPapers(paperIds: readonly number[], m?: EntityManager): Promise<Map<number, FrozenPaper>> {
    const out = new Map<number, FrozenPaper>();
    if (paperIds.length === 0) {
      return out;
    }
    const ids = [...paperIds];
    const papers: Array<Record<string, unknown>> = await this.q(m).query(
      `SELECT id, campaign_id, technician_id, discipline, total_points, pass_mark, multiple_rule
         FROM papers WHERE id IN (${placeholders(ids.length)})`,
      ids,
    );
    for (const p of papers) {
      out.set(Number(p.id), {
        paperId: Number(p.id),
        campaignId: Number(p.campaign_id),
        technicianId: Number(p.technician_id),
        discipline: String(p.discipline),
        totalPoints: Number(p.total_points),
        passMark: Number(p.pass_mark),
        multipleRule: p.multiple_rule as MultipleRule,
        questions: [],
      });
    }
    const questions: Array<Record<string, unknown>> = await this.q(m).query(
      `SELECT id, paper_id, position, section_type, item_id, version_id, option_order, answer_key, points,
              part, source_key, article
         FROM paper_questions WHERE paper_id IN (${placeholders(ids.length)}) ORDER BY paper_id, position`,
      ids,
    );
    for (const r of questions) {
      const type = r.section_type as QuestionType;
      const q: FrozenQuestion = {
        questionId: Number(r.id),
        position: Number(r.position),
        type,
        points: Number(r.points),
        key: decodeKey(type, String(r.answer_key)),
        itemId: Number(r.item_id),
        versionId: Number(r.version_id),
        sourceKey: String(r.source_key),
        article: String(r.article),
        part: r.part as Part,
        optionOrder: (r.option_order as string | null) ?? '',
      };
      out.get(Number(r.paper_id))?.questions.push(q);
    }
    return out;
  }

  /** attempt id → question id → the stored response (null when cleared). */
  async loadAnswers(
    attemptIds: readonly number[],
    m?: EntityManager,
  ): Promise<Map<number, Map<number, AnswerValue | null>>> {
    const out = new Map<number, Map<number, AnswerValue | null>>();
    if (attemptIds.length === 0) {
      return out;
    }
    for (const id of attemptIds) {
      out.set(id, new Map());
    }
    const rows: Array<{ attempt_id: number; question_id: number; response: string }> = await this.q(m).query(
      `SELECT attempt_id, question_id, response FROM answers WHERE attempt_id IN (${placeholders(attemptIds.length)})`,
      [...attemptIds],
    );
    for (const r of rows) {
      out.get(Number(r.attempt_id))?.set(Number(r.question_id), JSON.parse(r.response) as AnswerValue | null);
    }
    return out;
  }

  /** The latest correction of each item version, per campaign. */
  async correctionsInForce(
    campaignIds: readonly number[],
    m?: EntityManager,
  ): Promise<Map<number, Map<number, CorrectionInForce>>> {
    const out = new Map<number, Map<number, CorrectionInForce>>(campaignIds.map((c) => [c, new Map()]));
    if (campaignIds.length === 0) {
      return out;
    }
    const rows = await this.q(m)
      .getRepository(KeyCorrection)
      .createQueryBuilder('k')
      .where('k.campaignId IN (:...ids)', { ids: [...campaignIds] })
      .orderBy('k.id', 'ASC')
      .getMany();
    for (const k of rows) {
      out.get(k.campaignId)!.set(k.versionId, { id: k.id, versionId: k.versionId, key: k.newKey });
    }
    return out;
  }
}
