import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { inTransaction } from '../database/transaction';
import { CalendarsService } from '../publication/calendars.service';
import { chinaDate, mayFinalise, noticeState, NoticeState, objectionsOpen } from '../publication/notice';
import { PublicationService } from '../publication/publication.service';
import { Technician } from '../roster/technician.entity';
import { formatCenti } from '../scoring/component';
import { AnswerRatingObjectionDto, RatingObjectionDto } from './dto/rating.dto';
import { RatingVeto } from './entities/bonus-veto.entity';
import { PublishedGrade, RatingObjection, RatingPublication } from './entities/published-grade.entity';
import { RatingRound } from './entities/rating-round.entity';
import { AgencySheet, RatingService } from './rating.service';
import { Grade, vetoText } from './rules/sheet';

export interface PublicRating {
  round: RatingRound;
  state: NoticeState;
  versions: RatingPublication[];
  grades: PublishedGrade[];
}

export interface Consequences {
  /** 差: 约谈主要负责人，予以警告并责令限期停业整改. */
  poor: { agencyName: string; county: string; total: number | null; vetoes: string[] }[];
  /** 测试不合格: 不得从事相应技术服务活动, 不得进入各级专家库. */
  failed: { name: string; agencyName: string; discipline: string; score100: number }[];
  /** 成绩优秀者: proposed for the expert team. */
  experts: { name: string; agencyName: string; discipline: string; score100: number }[];
  expertThreshold: number | null;
}

/** Published grades carry only what the public page shows: no evidence, no survey text, no experts. */
function gradeRow(roundId: number, version: number, s: AgencySheet): Partial<PublishedGrade> {
  return {
    roundId,
    version,
    ratedAgencyId: s.agency.id,
    agencyName: s.agency.name,
    county: s.agency.county,
    parts: s.rating.parts,
    sheet: s.rating.sheet,
    bonus: s.rating.bonus.counted,
    total: s.rating.total,
    grade: s.rating.grade as Grade,
    vetoed: s.rating.vetoed,
  };
}

/**
 * 分类评定: the preliminary grades on a public page for the notice period (the exam publication's working-day
 * calendar), objections and their answers, re-rating with a change note, the final list of agencies rated 一般 or
 * better, and the lists of consequences.
 */
@Injectable()
export class RatingPublicationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rating: RatingService,
    private readonly publication: PublicationService,
    private readonly calendars: CalendarsService,
    private readonly audit: AuditService,
  ) {}

  async publish(actor: Actor, roundId: number, now = new Date()): Promise<RatingRound> {
    assertAdmin(actor);
    const round = await this.rating.mustRound(this.ds.manager, roundId);
    if (round.currentVersion > 0) {
      throw new ConflictError('本轮评定等级已公示；如需重新评定，请写明说明后重新发布', 'already_published');
    }
    const publishedOn = chinaDate(now);
    const period = await this.calendars.period(publishedOn, this.publication.noticeDays());
    return inTransaction(this.ds, async (m) => {
      const current = await this.rating.mustRound(m, roundId);
      if (current.currentVersion > 0) {
        throw new ConflictError('本轮评定等级刚被他人公示，请刷新', 'already_published');
      }
      const rows = await this.gradable(actor, m, roundId);
      await this.writeVersion(m, actor, roundId, 1, rows, null, now);
      await m.update(
        RatingRound,
        { id: roundId },
        { currentVersion: 1, publishedOn, noticeStart: period.start, noticeEnd: period.end },
      );
      await this.audit.record(
        actor,
        {
          action: 'rating.publish',
          target: `rating-round:${roundId}`,
          details: {
            version: 1,
            noticeStart: period.start,
            noticeEnd: period.end,
            grades: rows.map((s) => ({
              agencyId: s.agency.agencyId,
              total: s.rating.total,
              grade: s.rating.grade,
            })),
          },
        },
        m,
      );
      return m.findOneByOrFail(RatingRound, { id: roundId });
    });
  }

  /** 重新予以评定: a new version from the sheets as they now stand, with the change note; the period stays. */
  async republish(actor: Actor, roundId: number, changeNote: string, now = new Date()): Promise<RatingRound> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const round = await this.rating.mustRound(m, roundId);
      if (round.currentVersion === 0) {
        throw new ConflictError('本轮评定尚未公示', 'not_published');
      }
      this.rating.assertNotFinal(round);
      const previous = new Map(
        (await m.find(PublishedGrade, { where: { roundId, version: round.currentVersion } })).map((g) => [
          g.ratedAgencyId,
          g,
        ]),
      );
      const version = round.currentVersion + 1;
      const rows = await this.gradable(actor, m, roundId);
      await this.writeVersion(m, actor, roundId, version, rows, changeNote.trim(), now);
      await m.update(RatingRound, { id: roundId }, { currentVersion: version });
      const changed = rows
        .filter((s) => {
          const p = previous.get(s.agency.id);
          return !p || p.total !== s.rating.total || p.grade !== s.rating.grade;
        })
        .map((s) => ({
          agencyId: s.agency.agencyId,
          before: previous.get(s.agency.id)
            ? { total: previous.get(s.agency.id)!.total, grade: previous.get(s.agency.id)!.grade }
            : null,
          after: { total: s.rating.total, grade: s.rating.grade },
        }));
      await this.audit.record(
        actor,
        {
          action: 'rating.republish',
          target: `rating-round:${roundId}`,
          details: { version, changeNote: changeNote.trim(), changed },
        },
        m,
      );
      return m.findOneByOrFail(RatingRound, { id: roundId });
    });
  }

  /** After the notice period, with every objection answered, the grades are final. */
  async finalise(actor: Actor, roundId: number, now = new Date()): Promise<RatingRound> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const round = await this.rating.mustRound(m, roundId);
      if (round.currentVersion === 0 || !round.noticeEnd) {
        throw new ConflictError('本轮评定尚未公示', 'not_published');
      }
      this.rating.assertNotFinal(round);
      if (!mayFinalise({ end: round.noticeEnd }, now)) {
        throw new ConflictError(`公示期至 ${round.noticeEnd} 结束，期满后方可确定结果`, 'notice_not_over', {
          noticeEnd: round.noticeEnd,
        });
      }
      const open = await m.count(RatingObjection, { where: { roundId, status: 'open' } });
      if (open > 0) {
        throw new ConflictError(`尚有 ${open} 件异议未答复，答复后方可确定结果`, 'objections_open', { open });
      }
      await m.update(RatingRound, { id: roundId }, { finalisedAt: now });
      await this.audit.record(
        actor,
        {
          action: 'rating.finalise',
          target: `rating-round:${roundId}`,
          details: { version: round.currentVersion, noticeEnd: round.noticeEnd },
        },
        m,
      );
      return m.findOneByOrFail(RatingRound, { id: roundId });
    });
  }

  /** The public page: the current version's grades, the notice period and every version's change note. */
  async publicPage(roundId: number, now = new Date()): Promise<PublicRating> {
    const round = await this.ds.getRepository(RatingRound).findOne({ where: { id: roundId } });
    if (!round || round.currentVersion === 0 || !round.noticeEnd) {
      throw new NotFoundError('已公示的评定', roundId);
    }
    const versions = await this.ds
      .getRepository(RatingPublication)
      .find({ where: { roundId }, order: { version: 'ASC' } });
    const grades = await this.ds.getRepository(PublishedGrade).find({
      where: { roundId, version: round.currentVersion },
      order: { total: 'DESC', agencyName: 'ASC' },
    });
    return { round, state: noticeState({ end: round.noticeEnd }, round.finalisedAt, now), versions, grades };
  }

  /** The rounds whose grades have been published, newest first (the public index). */
  async publishedRounds(now = new Date()): Promise<{ round: RatingRound; state: NoticeState }[]> {
    const rounds = await this.ds.getRepository(RatingRound).find({ order: { year: 'DESC' } });
    return rounds
      .filter((r) => r.currentVersion > 0 && r.noticeEnd !== null)
      .map((round) => ({ round, state: noticeState({ end: round.noticeEnd! }, round.finalisedAt, now) }));
  }

  /** 最终评定为一般等级以上的机构名单: only once final. */
  async finalList(roundId: number): Promise<{ round: RatingRound; grades: PublishedGrade[] }> {
    const round = await this.ds.getRepository(RatingRound).findOne({ where: { id: roundId } });
    if (!round || !round.finalisedAt) {
      throw new NotFoundError('已确定的评定结果', roundId);
    }
    const grades = await this.ds.getRepository(PublishedGrade).find({
      where: { roundId, version: round.currentVersion, grade: In(['excellent', 'good', 'fair']) },
      order: { total: 'DESC', agencyName: 'ASC' },
    });
    return { round, grades };
  }

  async fileObjection(roundId: number, dto: RatingObjectionDto, now = new Date()): Promise<{ id: number }> {
    return inTransaction(this.ds, async (m) => {
      const round = await m.findOne(RatingRound, { where: { id: roundId } });
      if (!round || round.currentVersion === 0 || !round.noticeEnd) {
        throw new NotFoundError('已公示的评定', roundId);
      }
      if (!objectionsOpen({ end: round.noticeEnd }, round.finalisedAt, now)) {
        throw new ConflictError(`公示期已于 ${round.noticeEnd} 结束，不再受理异议`, 'notice_over');
      }
      const inserted = await m.insert(RatingObjection, {
        roundId,
        version: round.currentVersion,
        name: dto.name.trim(),
        contact: dto.contact.trim(),
        content: dto.content.trim(),
        about: dto.about?.trim() || null,
        status: 'open',
        answer: null,
        answeredBy: null,
        answeredAt: null,
        createdAt: now,
      });
      const id = (inserted.identifiers[0] as { id: number }).id;
      await this.audit.record(
        'anonymous',
        {
          action: 'rating.objection.file',
          target: `rating-round:${roundId}`,
          details: { objectionId: id, version: round.currentVersion, about: dto.about ?? null },
        },
        m,
      );
      return { id };
    });
  }

  async objections(actor: Actor, roundId: number): Promise<RatingObjection[]> {
    assertAdmin(actor);
    return this.ds.getRepository(RatingObjection).find({ where: { roundId }, order: { id: 'ASC' } });
  }

  async answerObjection(
    actor: Actor,
    objectionId: number,
    dto: AnswerRatingObjectionDto,
    now = new Date(),
  ): Promise<RatingObjection> {
    assertAdmin(actor);
    return inTransaction(this.ds, async (m) => {
      const o = await m.findOne(RatingObjection, { where: { id: objectionId } });
      if (!o) {
        throw new NotFoundError('异议', objectionId);
      }
      if (o.status === 'answered') {
        throw new ConflictError('该异议已答复', 'already_answered');
      }
      await m.update(
        RatingObjection,
        { id: o.id },
        { status: 'answered', answer: dto.answer.trim(), answeredBy: actor.id, answeredAt: now },
      );
      await this.audit.record(
        actor,
        {
          action: 'rating.objection.answer',
          target: `rating-round:${o.roundId}`,
          details: { objectionId: o.id, answer: dto.answer.trim() },
        },
        m,
      );
      return m.findOneByOrFail(RatingObjection, { id: o.id });
    });
  }

  /** The lists the results lead to (五、结果运用; 六（三）). */
  async consequences(actor: Actor, roundId: number): Promise<Consequences> {
    assertAdmin(actor);
    const round = await this.rating.mustRound(this.ds.manager, roundId);
    if (round.currentVersion === 0) {
      throw new ConflictError('本轮评定尚未公示', 'not_published');
    }
    const grades = await this.ds.getRepository(PublishedGrade).find({
      where: { roundId, version: round.currentVersion, grade: 'poor' },
      order: { agencyName: 'ASC' },
    });
    const vetoes = grades.length
      ? await this.ds
          .getRepository(RatingVeto)
          .find({ where: { ratedAgencyId: In(grades.map((g) => g.ratedAgencyId)) } })
      : [];
    const poor = grades.map((g) => ({
      agencyName: g.agencyName,
      county: g.county,
      total: g.total,
      vetoes: vetoes.filter((v) => v.ratedAgencyId === g.ratedAgencyId).map((v) => vetoText(v.code)),
    }));
    if (round.examCampaignId === null) {
      return { poor, failed: [], experts: [], expertThreshold: null };
    }
    const exam = await this.publication.finalResults(round.examCampaignId);
    const techIds = exam.candidates.map((c) => c.technicianId);
    const names = new Map(
      (techIds.length
        ? await this.ds.getRepository(Technician).find({ where: { id: In(techIds) } })
        : []
      ).map((t) => [t.id, t.name]),
    );
    const person = (c: (typeof exam.candidates)[number]) => ({
      name: names.get(c.technicianId) ?? c.maskedName,
      agencyName: c.agencyName,
      discipline: c.discipline,
      score100: c.score100,
    });
    return {
      poor,
      failed: exam.candidates.filter((c) => !c.passed).map(person),
      experts: exam.candidates
        .filter((c) => c.passed && c.score100 >= exam.expertThreshold)
        .sort((a, b) => b.score100 - a.score100)
        .map(person),
      expertThreshold: exam.expertThreshold,
    };
  }

  async consequencesWorkbook(actor: Actor, roundId: number): Promise<Buffer> {
    const c = await this.consequences(actor, roundId);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'choukao';
    const sheet = (
      name: string,
      columns: { header: string; key: string; width: number }[],
      rows: object[],
    ) => {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = columns;
      ws.getRow(1).font = { bold: true };
      rows.forEach((r, i) => ws.addRow({ seq: i + 1, ...r }));
    };
    sheet(
      '差等级机构',
      [
        { header: '序号', key: 'seq', width: 6 },
        { header: '机构名称', key: 'agencyName', width: 36 },
        { header: '县区', key: 'county', width: 12 },
        { header: '评定总分', key: 'total', width: 10 },
        { header: '直接评定为差的情形', key: 'vetoes', width: 50 },
        { header: '处理', key: 'action', width: 40 },
      ],
      c.poor.map((p) => ({
        ...p,
        total: p.total === null ? '—' : formatCenti(p.total),
        vetoes: p.vetoes.join('；'),
        action: '约谈主要负责人，予以警告并责令限期停业整改',
      })),
    );
    const people = [
      { header: '序号', key: 'seq', width: 6 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '机构', key: 'agencyName', width: 36 },
      { header: '专业', key: 'discipline', width: 14 },
      { header: '成绩', key: 'score', width: 10 },
    ];
    const withScore = (p: Consequences['failed'][number]) => ({ ...p, score: formatCenti(p.score100) });
    sheet('测试不合格人员', people, c.failed.map(withScore));
    sheet('拟推荐专家技术团队', people, c.experts.map(withScore));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Every agency still being rated, each complete or vetoed; otherwise the publication is refused naming them. */
  private async gradable(actor: Actor, m: EntityManager, roundId: number): Promise<AgencySheet[]> {
    const sheets = (await this.rating.sheets(actor, roundId, m)).filter((s) => s.agency.status === 'rating');
    const pending = sheets.filter((s) => s.rating.grade === null);
    if (pending.length > 0) {
      const lines = pending.map((s) => `${s.agency.name}：${s.rating.missing.join('、')}`);
      throw new RuleViolationError(
        `尚有 ${pending.length} 家机构评分不完整：${lines.join('；')}`,
        'sheets_incomplete',
        lines,
      );
    }
    return sheets;
  }

  private async writeVersion(
    m: EntityManager,
    actor: Actor,
    roundId: number,
    version: number,
    sheets: AgencySheet[],
    changeNote: string | null,
    now: Date,
  ): Promise<void> {
    await m.insert(RatingPublication, {
      roundId,
      version,
      changeNote,
      publishedBy: actor.kind === 'staff' ? actor.id : 0,
      publishedAt: now,
    });
    for (const s of sheets) {
      await m.insert(PublishedGrade, gradeRow(roundId, version, s));
    }
  }
}
