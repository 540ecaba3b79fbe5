import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import {
  CreateSurveyLinksDto,
  PaperSurveyDto,
  SurveyAnswerDto,
  SurveyScoresDto,
  toCenti,
} from './dto/rating.dto';
import { RatedAgency } from './entities/rated-agency.entity';
import { RatingRound } from './entities/rating-round.entity';
import { RespondentType, SurveyLink, SurveyResponse } from './entities/survey.entity';
import { RatingInputError, surveyFormTotal, SurveyScores } from './rules/rate';
import { SURVEY_CRITERIA } from './rules/sheet';

/** A link's token is 32 random bytes, base64url; only its SHA-256 is stored, so the table alone opens nothing. */
export function surveyTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toScores(dto: SurveyScoresDto): SurveyScores {
  return {
    compliance: toCenti(dto.compliance),
    quality: toCenti(dto.quality),
    fees: toCenti(dto.fees),
    ethics: toCenti(dto.ethics),
    competition: toCenti(dto.competition),
  };
}

export interface SurveyForm {
  roundName: string;
  agencyName: string;
  county: string;
  respondentType: RespondentType;
  criteria: { code: string; name: string; max: number }[];
}

/**
 * The 附件4 survey (满意度测评): one-use links per respondent, answered without signing in, and paper forms
 * typed in by an administrator. A link is spent by the same conditional update that records the answer, so two
 * submissions racing on one link leave exactly one response.
 */
@Injectable()
export class SurveyService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** New links; the tokens are returned once and never stored. */
  async createLinks(
    actor: Actor,
    ratedAgencyId: number,
    dto: CreateSurveyLinksDto,
    now = new Date(),
  ): Promise<{ id: number; token: string; respondentType: RespondentType; label: string }[]> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const agency = await this.writableAgency(m, ratedAgencyId);
      const out: { id: number; token: string; respondentType: RespondentType; label: string }[] = [];
      for (const l of dto.links) {
        const token = randomBytes(32).toString('base64url');
        const inserted = await m.insert(SurveyLink, {
          ratedAgencyId,
          respondentType: l.respondentType,
          label: l.label.trim(),
          tokenHash: surveyTokenHash(token),
          usedAt: null,
          createdBy: actor.id,
          createdAt: now,
        });
        out.push({
          id: (inserted.identifiers[0] as { id: number }).id,
          token,
          respondentType: l.respondentType,
          label: l.label.trim(),
        });
      }
      await this.audit.record(
        actor,
        {
          action: 'rating.survey.links',
          target: `rating-agency:${agency.id}`,
          details: {
            links: out.map((l) => ({ id: l.id, respondentType: l.respondentType, label: l.label })),
          },
        },
        m,
      );
      return out;
    });
  }

  async links(actor: Actor, ratedAgencyId: number): Promise<SurveyLink[]> {
    assertAdmin(actor);
    return this.ds.getRepository(SurveyLink).find({ where: { ratedAgencyId }, order: { id: 'ASC' } });
  }

  /** What the respondent sees; a spent or unknown link is refused. */
  async form(token: string): Promise<SurveyForm> {
    const link = await this.linkOf(this.ds.manager, token);
    if (link.usedAt) {
      throw new ConflictError('该评议链接已使用，每个链接只能填写一次', 'survey_link_used');
    }
    const agency = await this.ds.getRepository(RatedAgency).findOneByOrFail({ id: link.ratedAgencyId });
    const round = await this.ds.getRepository(RatingRound).findOneByOrFail({ id: agency.roundId });
    if (round.finalisedAt || round.currentVersion > 0) {
      throw new ConflictError('本轮评定已公示，评议已结束', 'survey_closed');
    }
    return {
      roundName: round.name,
      agencyName: agency.name,
      county: agency.county,
      respondentType: link.respondentType,
      criteria: SURVEY_CRITERIA.map((c) => ({ code: c.code, name: c.name, max: c.max / 100 })),
    };
  }

  async answer(token: string, dto: SurveyAnswerDto, now = new Date()): Promise<{ total: number }> {
    const scores = this.validScores(dto.scores);
    return inTransaction(this.ds, async (m) => {
      const link = await this.linkOf(m, token);
      await this.writableAgency(m, link.ratedAgencyId);
      const spent = await m.update(SurveyLink, { id: link.id, usedAt: IsNull() }, { usedAt: now });
      if (!spent.affected) {
        throw new ConflictError('该评议链接已使用，每个链接只能填写一次', 'survey_link_used');
      }
      const total = surveyFormTotal(scores);
      const inserted = await m.insert(SurveyResponse, {
        ratedAgencyId: link.ratedAgencyId,
        linkId: link.id,
        channel: 'link',
        respondentType: link.respondentType,
        scores,
        total,
        otherMatters: dto.otherMatters?.trim() || null,
        enteredBy: null,
        createdAt: now,
      });
      await this.audit.record(
        'anonymous',
        {
          action: 'rating.survey.answer',
          target: `rating-agency:${link.ratedAgencyId}`,
          details: {
            responseId: (inserted.identifiers[0] as { id: number }).id,
            linkId: link.id,
            respondentType: link.respondentType,
            scores,
            total,
          },
        },
        m,
      );
      return { total };
    });
  }

  /** A paper 评议表 typed in by an administrator. */
  async enterPaper(
    actor: Actor,
    ratedAgencyId: number,
    dto: PaperSurveyDto,
    now = new Date(),
  ): Promise<SurveyResponse> {
    assertAdmin(actor);
    const scores = this.validScores(dto.scores);
    return inTransaction(this.ds, async (m) => {
      await this.writableAgency(m, ratedAgencyId);
      const total = surveyFormTotal(scores);
      const inserted = await m.insert(SurveyResponse, {
        ratedAgencyId,
        linkId: null,
        channel: 'paper',
        respondentType: dto.respondentType,
        scores,
        total,
        otherMatters: dto.otherMatters?.trim() || null,
        enteredBy: actor.id,
        createdAt: now,
      });
      const id = (inserted.identifiers[0] as { id: number }).id;
      await this.audit.record(
        actor,
        {
          action: 'rating.survey.paper',
          target: `rating-agency:${ratedAgencyId}`,
          details: { responseId: id, respondentType: dto.respondentType, scores, total },
        },
        m,
      );
      return m.findOneByOrFail(SurveyResponse, { id });
    });
  }

  /** The responses with their "other matters" (administrators only). */
  async responses(actor: Actor, ratedAgencyId: number): Promise<SurveyResponse[]> {
    assertAdmin(actor);
    return this.ds.getRepository(SurveyResponse).find({ where: { ratedAgencyId }, order: { id: 'ASC' } });
  }

  private validScores(dto: SurveyScoresDto): SurveyScores {
    const scores = toScores(dto);
    try {
      surveyFormTotal(scores);
    } catch (err) {
      if (err instanceof RatingInputError) {
        throw new RuleViolationError(err.message, 'invalid_survey');
      }
      throw err;
    }
    return scores;
  }

  private async linkOf(m: EntityManager, token: string): Promise<SurveyLink> {
    const link =
      token.length >= 20 && token.length <= 64
        ? await m.findOne(SurveyLink, { where: { tokenHash: surveyTokenHash(token) } })
        : null;
    if (!link) {
      throw new NotFoundError('评议链接', '（无效链接）');
    }
    return link;
  }

  private async writableAgency(m: EntityManager, ratedAgencyId: number): Promise<RatedAgency> {
    const agency = await m.findOne(RatedAgency, { where: { id: ratedAgencyId } });
    if (!agency) {
      throw new NotFoundError('参评机构', ratedAgencyId);
    }
    const round = await m.findOneByOrFail(RatingRound, { id: agency.roundId });
    if (round.finalisedAt || round.currentVersion > 0) {
      throw new ConflictError('本轮评定已公示，评议已结束', 'survey_closed');
    }
    return agency;
  }
}
