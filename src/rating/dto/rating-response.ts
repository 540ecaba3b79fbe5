import type { SurveyForm } from '../survey.service';
import { noticeStateName, type NoticeState } from '../../publication/notice';
import { formatCenti } from '../../scoring/component';
import type { RatingBonus, RatingVeto } from '../entities/bonus-veto.entity';
import type { RatingDeduction } from '../entities/deduction.entity';
import type { PublishedGrade, RatingObjection, RatingPublication } from '../entities/published-grade.entity';
import type { RatedAgency } from '../entities/rated-agency.entity';
import type { RatingRound } from '../entities/rating-round.entity';
import type { SurveyLink, SurveyResponse } from '../entities/survey.entity';
import type { AgencySheet } from '../rating.service';
import type { PublicRating } from '../rating-publication.service';
import { gradeName, PART_DEFS, vetoText } from '../rules/sheet';

/*
 * Responses carry points as fixed two-decimal strings ("87.93"), as the exam's publication does, so no
 * client ever shows 87.92999.
 */

const pts = (c: number | null): string | null => (c === null ? null : formatCenti(c));

export function toRoundResponse(r: RatingRound) {
  return {
    id: r.id,
    year: r.year,
    name: r.name,
    rulesVersion: r.rules.version,
    publishedRules: r.rules.published,
    stages: r.stages,
    examCampaignId: r.examCampaignId,
    examVersion: r.examVersion,
    examTakenAt: r.examTakenAt,
    currentVersion: r.currentVersion,
    publishedOn: r.publishedOn,
    noticeStart: r.noticeStart,
    noticeEnd: r.noticeEnd,
    finalisedAt: r.finalisedAt,
  };
}

export function toRatedAgencyResponse(a: RatedAgency) {
  return {
    id: a.id,
    agencyId: a.agencyId,
    code: a.code,
    name: a.name,
    county: a.county,
    status: a.status,
    statusReason: a.statusReason,
    examComponent: pts(a.examComponent),
    excuseReason: a.excuseReason,
    selfAssessedAt: a.selfAssessedAt,
  };
}

function toDeductionResponse(d: RatingDeduction) {
  return {
    id: d.id,
    item: d.item,
    rule: d.rule,
    count: d.count,
    serviceObjectId: d.serviceObjectId,
    evidence: d.evidence,
    recordedBy: d.recordedBy,
    recordedByName: d.recordedByName,
    recordedAt: d.createdAt,
    withdrawnAt: d.withdrawnAt,
  };
}

const toBonus = (b: RatingBonus) => ({
  id: b.id,
  points: formatCenti(b.points),
  reason: b.reason,
  authority: b.authority,
  recordedAt: b.createdAt,
});
const toVeto = (v: RatingVeto) => ({
  id: v.id,
  code: v.code,
  text: vetoText(v.code),
  evidence: v.evidence,
  recordedAt: v.createdAt,
});

/** The sheet laid out like 附件1: parts, items with their deductions and evidence, then the totals. */
export function toSheetResponse(s: AgencySheet) {
  const rules = s.round.rules;
  const r = s.rating;
  const live = s.deductions.filter((d) => !d.withdrawnAt);
  const itemScore = (no: number): string | null => {
    const agencyItem = r.items.find((i) => i.no === no);
    if (agencyItem) {
      return pts(agencyItem.score);
    }
    const mean = r.performance.itemMeans.find((i) => i.no === no);
    if (mean) {
      return pts(mean.mean);
    }
    if (no === 19) {
      return pts(r.parts.exam);
    }
    if (no === 20) {
      return pts(r.parts.survey);
    }
    return null;
  };
  return {
    round: {
      id: s.round.id,
      name: s.round.name,
      rulesVersion: rules.version,
      publishedRules: rules.published,
    },
    agency: toRatedAgencyResponse(s.agency),
    parts: PART_DEFS.map((p) => ({
      part: p.part,
      name: p.name,
      max: pts(p.max),
      score: pts(r.parts[p.part]),
      items: rules.items
        .filter((i) => i.part === p.part)
        .map((i) => ({
          no: i.no,
          content: i.content,
          max: pts(i.max),
          standard: i.standard,
          source: i.source,
          rules: i.rules,
          score: itemScore(i.no),
          deductions: live.filter((d) => d.item === i.no).map(toDeductionResponse),
        })),
    })),
    objects: s.objects.map((o, k) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      total: pts(r.performance.objects[k]?.total ?? null),
      items: (r.performance.objects[k]?.items ?? []).map((i) => ({ no: i.no, score: pts(i.score) })),
    })),
    withdrawnDeductions: s.deductions.filter((d) => d.withdrawnAt).map(toDeductionResponse),
    survey: { responses: s.surveyResponses, score: pts(r.survey.score) },
    bonuses: s.bonuses.map(toBonus),
    bonus: { claimed: pts(r.bonus.claimed), counted: pts(r.bonus.counted) },
    vetoes: s.vetoes.map(toVeto),
    sheet: pts(r.sheet),
    total: pts(r.total),
    grade: r.grade,
    gradeName: r.grade ? gradeName(r.grade) : null,
    vetoed: r.vetoed,
    missing: r.missing,
    experts: s.experts,
  };
}

/** One row of the dashboard: progress and figures of an agency. */
export function toProgressRow(s: AgencySheet) {
  const live = s.deductions.filter((d) => !d.withdrawnAt);
  return {
    ...toRatedAgencyResponse(s.agency),
    deductions: live.length,
    objects: s.objects.length,
    surveyResponses: s.surveyResponses,
    experts: s.experts.length,
    stages: {
      selfAssessment: s.agency.selfAssessedAt !== null,
      inspection: s.objects.length > 0 && s.experts.length > 0,
      exam: s.agency.examComponent !== null,
      survey: s.surveyResponses > 0,
    },
    sheet: pts(s.rating.sheet),
    total: pts(s.rating.total),
    grade: s.rating.grade,
    gradeName: s.rating.grade ? gradeName(s.rating.grade) : null,
    vetoed: s.rating.vetoed,
    missing: s.rating.missing,
  };
}

export function toSurveyLinkResponse(l: SurveyLink) {
  return {
    id: l.id,
    respondentType: l.respondentType,
    label: l.label,
    usedAt: l.usedAt,
    createdAt: l.createdAt,
  };
}

export function toSurveyResponseRow(r: SurveyResponse) {
  return {
    id: r.id,
    channel: r.channel,
    respondentType: r.respondentType,
    scores: Object.fromEntries(Object.entries(r.scores).map(([k, v]) => [k, formatCenti(v)])),
    total: formatCenti(r.total),
    otherMatters: r.otherMatters,
    createdAt: r.createdAt,
  };
}

export function toSurveyFormResponse(f: SurveyForm) {
  return f;
}

function toPublishedGradeRow(g: PublishedGrade, i: number) {
  return {
    seq: i + 1,
    agencyName: g.agencyName,
    county: g.county,
    parts: Object.fromEntries(Object.entries(g.parts).map(([k, v]) => [k, pts(v)])),
    sheet: pts(g.sheet),
    bonus: pts(g.bonus),
    total: pts(g.total),
    grade: g.grade,
    gradeName: gradeName(g.grade),
    vetoed: g.vetoed,
  };
}

const toVersion = (v: RatingPublication) => ({
  version: v.version,
  publishedAt: v.publishedAt,
  changeNote: v.changeNote,
});

export function toPublicRatingResponse(p: PublicRating) {
  return {
    roundId: p.round.id,
    name: p.round.name,
    year: p.round.year,
    version: p.round.currentVersion,
    publishedOn: p.round.publishedOn,
    noticeStart: p.round.noticeStart,
    noticeEnd: p.round.noticeEnd,
    state: p.state,
    stateName: noticeStateName(p.state),
    publishedRules: p.round.rules.published,
    versions: p.versions.map(toVersion),
    grades: p.grades.map(toPublishedGradeRow),
  };
}

export function toFinalListResponse(round: RatingRound, grades: PublishedGrade[]) {
  return {
    roundId: round.id,
    name: round.name,
    finalisedAt: round.finalisedAt,
    version: round.currentVersion,
    grades: grades.map(toPublishedGradeRow),
  };
}

export function toRatingObjectionResponse(o: RatingObjection) {
  return {
    id: o.id,
    version: o.version,
    name: o.name,
    contact: o.contact,
    content: o.content,
    about: o.about,
    status: o.status,
    answer: o.answer,
    answeredAt: o.answeredAt,
    createdAt: o.createdAt,
  };
}

export function toPublishedRoundResponse(round: RatingRound, state: NoticeState) {
  return {
    roundId: round.id,
    name: round.name,
    year: round.year,
    version: round.currentVersion,
    noticeStart: round.noticeStart,
    noticeEnd: round.noticeEnd,
    state,
    stateName: noticeStateName(state),
  };
}
