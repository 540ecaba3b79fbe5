import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/actor';
import { NotFoundError } from '../common/domain-error';
import { assertAdmin } from '../common/ownership';
import { disciplineName } from '../config/disciplines';
import type { ItemVersionForCandidate } from '../question-bank/pool';
import { questionTypeName } from '../question-bank/question-type';
import type { QuestionType } from '../question-bank/question-type';
import { QuestionBankService } from '../question-bank/question-bank.service';
import type { SampledTechnician } from '../sampling/sampled-technician';
import { SamplingService } from '../sampling/sampling.service';
import { DISPLAY_LABELS } from './assemble';
import { ruleText } from './blueprint';
import { AdminPaperDto, FairnessReportDto, PaperSummaryDto } from './dto/paper.dto';
import { fairnessReport, PaperForFairness } from './fairness';
import { decodeKey } from './paper-codec';
import { PaperQuestion } from './paper-question.entity';
import type { DeliveredPaper, DeliveredSection, KeyedPaper } from './paper-view';
import { Paper } from './paper.entity';
import type { Part } from './plan';
import { chunks } from '../database/sql';
import { BlueprintsService } from './blueprints.service';

/** Ids per IN (…) list. */
const IN_CHUNK = 900;
/** Frozen item versions a node keeps in memory (a bank has a few thousand; the bound only guards against misuse). */
const MAX_CACHED_VERSIONS = 50_000;
const ORDINALS = '一二三四五六七八九十';

/** A paper question as the candidate is shown it: the frozen version's stem and options in the paper's order. */
function shownQuestion(
  q: PaperQuestion,
  versions: ReadonlyMap<number, ItemVersionForCandidate>,
): DeliveredSection['questions'][number] {
  const v = versions.get(q.versionId)!;
  return {
    questionId: q.id,
    position: q.position,
    type: q.sectionType,
    stem: v.stem,
    options: displayedOptions(v, q.optionOrder),
    points: q.points,
  };
}

/** A paper's sections as printed: consecutive questions of one type, titled 一、判断题 … */
function sectionsOf<Q extends { sectionType: QuestionType; points: number }>(
  questions: readonly Q[],
): Array<{ type: QuestionType; title: string; pointsEach: number; questions: Q[] }> {
  const sections: Array<{ type: QuestionType; title: string; pointsEach: number; questions: Q[] }> = [];
  for (const q of questions) {
    const last = sections[sections.length - 1];
    if (last && last.type === q.sectionType) {
      last.questions.push(q);
    } else {
      sections.push({ type: q.sectionType, title: '', pointsEach: q.points, questions: [q] });
    }
  }
  sections.forEach((s, i) => {
    s.title = `${ORDINALS[i] ?? i + 1}、${questionTypeName(s.type)}（共 ${s.questions.length} 题，每题 ${s.pointsEach} 分）`;
  });
  return sections;
}

/** The options of a frozen version in the order shown, relabelled A, B, C… */
function displayedOptions(
  version: ItemVersionForCandidate,
  optionOrder: string,
): Array<{ label: string; text: string }> {
  return [...optionOrder].map((bankLabel, i) => ({
    label: DISPLAY_LABELS[i],
    text: version.options[bankLabel] ?? '',
  }));
}

/**
 * The frozen papers as candidates (through PaperSource), graders (keyedPaper) and administrators see them; the
 * list and the fairness report.
 */
@Injectable()
export class PaperViewsService {
  private readonly versionCache = new Map<number, ItemVersionForCandidate>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bank: QuestionBankService,
    private readonly blueprints: BlueprintsService,
    private readonly sampling: SamplingService,
  ) {}

  /** PaperSource: the candidate's paper, from the frozen versions; never a key, basis or explanation. */
  async deliveredPaper(paperId: number): Promise<DeliveredPaper> {
    const one = (await this.deliveredPapers([paperId])).get(paperId);
    if (!one) {
      throw new NotFoundError('试卷', paperId);
    }
    return one;
  }

  /**
   * PaperSource: many candidates' papers in a few queries (a sitting's candidates connecting at once); papers
   * that do not exist are absent from the map.
   */
  async deliveredPapers(paperIds: readonly number[]): Promise<Map<number, DeliveredPaper>> {
    const out = new Map<number, DeliveredPaper>();
    const ids = [...new Set(paperIds)];
    const papers: Paper[] = [];
    const byPaper = new Map<number, PaperQuestion[]>();
    for (const chunk of chunks(ids, IN_CHUNK)) {
      papers.push(...(await this.dataSource.getRepository(Paper).find({ where: { id: In(chunk) } })));
      const questions = await this.dataSource
        .getRepository(PaperQuestion)
        .find({ where: { paperId: In(chunk) }, order: { paperId: 'ASC', position: 'ASC' } });
      for (const q of questions) {
        const list = byPaper.get(q.paperId) ?? [];
        list.push(q);
        byPaper.set(q.paperId, list);
      }
    }
    const versions = await this.versions([...byPaper.values()].flat());
    const campaignNames = new Map<number, string>();
    for (const campaignId of new Set(papers.map((p) => p.campaignId))) {
      campaignNames.set(campaignId, (await this.sampling.getCampaign(campaignId)).name);
    }
    for (const paper of papers) {
      const questions = byPaper.get(paper.id) ?? [];
      const sections: DeliveredSection[] = sectionsOf(questions).map((s) => ({
        type: s.type,
        title: s.title,
        pointsEach: s.pointsEach,
        questions: s.questions.map((q) => shownQuestion(q, versions)),
      }));
      out.set(paper.id, {
        paperId: paper.id,
        title: this.titleOf(campaignNames.get(paper.campaignId)!, paper.discipline),
        discipline: paper.discipline,
        totalPoints: paper.totalPoints,
        durationMinutes: paper.durationMinutes,
        multipleRule: paper.multipleRule,
        ruleText: this.ruleTextOf(paper, questions),
        sections,
      });
    }
    return out;
  }

  /** The paper with its frozen keys (in the labels shown), for grading. */
  async keyedPaper(paperId: number): Promise<KeyedPaper> {
    const { paper, questions } = await this.loadPaper(paperId);
    return {
      paperId: paper.id,
      campaignId: paper.campaignId,
      technicianId: paper.technicianId,
      discipline: paper.discipline,
      totalPoints: paper.totalPoints,
      passMark: paper.passMark,
      multipleRule: paper.multipleRule,
      questions: questions.map((q) => ({
        questionId: q.id,
        position: q.position,
        type: q.sectionType,
        points: q.points,
        key: decodeKey(q.sectionType, q.answerKey),
        itemId: q.itemId,
        versionId: q.versionId,
        sourceKey: q.sourceKey,
        article: q.article,
        part: q.part,
      })),
    };
  }

  async listPapers(actor: Actor, campaignId: number): Promise<PaperSummaryDto[]> {
    assertAdmin(actor);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    const people = new Map(sample.map((s) => [s.technicianId, s]));
    const papers = await this.dataSource
      .getRepository(Paper)
      .find({ where: { campaignId }, order: { discipline: 'ASC', technicianId: 'ASC' } });
    return papers.map((p) => this.summaryOf(p, people.get(p.technicianId)));
  }

  /** One paper as an administrator sees it: as shown to the candidate, with keys and provenance. */
  async adminPaper(actor: Actor, campaignId: number, paperId: number): Promise<AdminPaperDto> {
    assertAdmin(actor);
    const { paper, questions } = await this.loadPaper(paperId);
    if (paper.campaignId !== campaignId) {
      throw new NotFoundError('试卷', paperId);
    }
    const versions = await this.versions(questions);
    const campaign = await this.sampling.getCampaign(campaignId);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    return {
      ...this.summaryOf(
        paper,
        sample.find((s) => s.technicianId === paper.technicianId),
      ),
      title: this.titleOf(campaign.name, paper.discipline),
      ruleText: this.ruleTextOf(paper, questions),
      sections: sectionsOf(questions).map((s) => ({
        type: s.type,
        title: s.title,
        pointsEach: s.pointsEach,
        questions: s.questions.map((q) => {
          return {
            ...shownQuestion(q, versions),
            key: decodeKey(q.sectionType, q.answerKey),
            itemId: q.itemId,
            versionId: q.versionId,
            optionOrder: q.optionOrder,
            part: q.part,
            sourceKey: q.sourceKey,
            article: q.article,
            difficulty: q.difficulty,
          };
        }),
      })),
    };
  }

  /** Per discipline: paper difficulty spread, item exposure against the fair share, colleagues' overlap. */
  async fairness(actor: Actor, campaignId: number): Promise<FairnessReportDto> {
    assertAdmin(actor);
    const sample = await this.sampling.sampledTechnicians(campaignId);
    const papers = await this.dataSource
      .getRepository(Paper)
      .find({ where: { campaignId }, order: { id: 'ASC' } });
    const rows: Array<{ paperId: number; itemId: number; type: QuestionType; part: Part }> =
      await this.dataSource.query(
        `SELECT q.paper_id AS paperId, q.item_id AS itemId, q.section_type AS type, q.part AS part
           FROM paper_questions q JOIN papers p ON p.id = q.paper_id
          WHERE p.campaign_id = ?`,
        [campaignId],
      );
    const byPaper = new Map<number, PaperForFairness['questions'][number][]>();
    for (const r of rows) {
      const list = byPaper.get(Number(r.paperId)) ?? [];
      list.push({ itemId: Number(r.itemId), type: r.type, part: r.part });
      byPaper.set(Number(r.paperId), list);
    }
    const input: PaperForFairness[] = papers.map((p) => ({
      paperId: p.id,
      discipline: p.discipline,
      agencyId: p.agencyId,
      difficulty: p.difficulty,
      targetDifficulty: p.targetDifficulty,
      difficultyTolerance: p.difficultyTolerance,
      questions: byPaper.get(p.id) ?? [],
    }));
    const withPaper = new Set(papers.map((p) => p.technicianId));
    const pool = await this.blueprints.poolFor(campaignId);
    return {
      ...fairnessReport(campaignId, input, pool.items, pool.enemyGroups),
      missing: sample.filter((s) => !withPaper.has(s.technicianId)).map((s) => s.technicianId),
    };
  }

  // ------------------------------------------------------------ helpers

  private async loadPaper(paperId: number): Promise<{ paper: Paper; questions: PaperQuestion[] }> {
    const paper = await this.dataSource.getRepository(Paper).findOne({ where: { id: paperId } });
    if (!paper) {
      throw new NotFoundError('试卷', paperId);
    }
    const questions = await this.dataSource
      .getRepository(PaperQuestion)
      .find({ where: { paperId }, order: { position: 'ASC' } });
    return { paper, questions };
  }

  /**
   * The frozen item versions of these questions. A version never changes once it exists (an edit makes a new
   * one), so the node keeps what it has read: papers delivered to thousands of candidates then share one copy
   * of each stem and option text instead of one per paper.
   */
  private async versions(questions: readonly PaperQuestion[]): Promise<Map<number, ItemVersionForCandidate>> {
    const ids = [...new Set(questions.map((q) => q.versionId))];
    const map = new Map<number, ItemVersionForCandidate>();
    const missing: number[] = [];
    for (const id of ids) {
      const held = this.versionCache.get(id);
      if (held) {
        map.set(id, held);
      } else {
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      const read = await this.bank.versionsForCandidate(missing);
      if (this.versionCache.size + read.size > MAX_CACHED_VERSIONS) {
        this.versionCache.clear();
      }
      for (const [id, v] of read) {
        map.set(id, v);
        this.versionCache.set(id, v);
      }
    }
    const lost = ids.filter((id) => !map.has(id));
    if (lost.length > 0) {
      throw new Error(`frozen item versions not found: ${lost.join(', ')}`);
    }
    return map;
  }

  private titleOf(campaignName: string, discipline: string): string {
    return `${campaignName}技术人员抽考试卷（${disciplineName(discipline)}）`;
  }

  private ruleTextOf(paper: Paper, questions: readonly PaperQuestion[]): string {
    return ruleText({
      ...paper,
      sections: sectionsOf(questions).map((s) => ({
        type: s.type,
        count: s.questions.length,
        pointsEach: s.pointsEach,
      })),
    });
  }

  private summaryOf(p: Paper, who: SampledTechnician | undefined): PaperSummaryDto {
    return {
      id: p.id,
      campaignId: p.campaignId,
      technicianId: p.technicianId,
      technicianName: who?.name ?? null,
      agencyId: p.agencyId,
      agencyName: who?.agencyName ?? null,
      discipline: p.discipline,
      disciplineName: disciplineName(p.discipline),
      difficulty: p.difficulty,
      targetDifficulty: p.targetDifficulty,
      totalPoints: p.totalPoints,
      durationMinutes: p.durationMinutes,
      passMark: p.passMark,
      multipleRule: p.multipleRule,
      seed: p.seed,
      poolHash: p.poolHash,
      assembledAt: p.assembledAt.toISOString(),
    };
  }
}
