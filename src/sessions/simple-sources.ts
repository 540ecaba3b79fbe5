import type { DeliveredPaper, DeliveredQuestion, DeliveredSection } from '../papers/paper-view';
import type { QuestionType } from '../question-bank/question-type';
import { idCheckChar } from '../roster/id-number';
import type { SampledTechnician } from '../sampling/sampled-technician';
import { PaperSource } from '../papers/paper-source';
import { SampleSource } from './sample-source';

/*
 * TESTS AND BENCHMARKS ONLY (SESSIONS_SIMPLE_SOURCES=true, refused in production): synthetic, deterministic
 * stand-ins for the draw and for paper assembly, so that sessions can be exercised end to end before and
 * apart from those modules. Everything sessions itself stores (sittings, attempts, answers, events) still goes
 * to the real database.
 */

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '欧阳', '孙'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '涛'];
const DISCIPLINES = ['hazardous-chemicals', 'non-coal-mining', 'metallurgy'];

/** Technician ids of a synthetic campaign: campaignId × 1,000,000 + 1 … + size. */
export function simpleTechnicianId(campaignId: number, index: number): number {
  return campaignId * 1_000_000 + index + 1;
}

/** A valid 18-digit ID number (Linyi area code, a 1980s birth date) derived from the technician id. */
export function simpleIdNumber(technicianId: number): string {
  const seq = String(technicianId % 1000).padStart(3, '0');
  const day = String((technicianId % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(technicianId / 28) % 12) + 1).padStart(2, '0');
  const first17 = `371302198${technicianId % 10}${month}${day}${seq}`;
  return first17 + idCheckChar(first17);
}

export class SimpleSampleSource extends SampleSource {
  constructor(private readonly size: number) {
    super();
  }

  sampledTechnicians(campaignId: number): Promise<SampledTechnician[]> {
    return Promise.resolve(
      Array.from({ length: this.size }, (_, i) => {
        const technicianId = simpleTechnicianId(campaignId, i);
        const agency = (i % 5) + 1;
        return {
          campaignId,
          technicianId,
          technicianKey: `91371300MA3C00000${agency}-${i + 1}`,
          agencyId: campaignId * 100 + agency,
          agencyName: `临沂测试安全评价有限公司${agency}`,
          agencyCode: '91371300MA3C000000',
          name: SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length],
          idNumber: simpleIdNumber(technicianId),
          discipline: DISCIPLINES[i % DISCIPLINES.length],
          via: 'drawn' as const,
        };
      }),
    );
  }
}

const TYPES: QuestionType[] = ['judge', 'single', 'multiple'];

/** Papers whose id is the technician's id; question ids are (paperId mod 100,000) × 1000 + position. */
export class SimplePaperSource extends PaperSource {
  constructor(private readonly questions: number) {
    super();
  }

  ensurePapers(_campaignId: number, technicianIds: number[]): Promise<Map<number, number>> {
    return Promise.resolve(new Map(technicianIds.map((t) => [t, t])));
  }

  async deliveredPapers(paperIds: readonly number[]): Promise<Map<number, DeliveredPaper>> {
    return new Map(
      await Promise.all(paperIds.map(async (id) => [id, await this.deliveredPaper(id)] as const)),
    );
  }

  deliveredPaper(paperId: number): Promise<DeliveredPaper> {
    const sections: DeliveredSection[] = TYPES.map((type) => ({
      type,
      title: type === 'judge' ? '一、判断题' : type === 'single' ? '二、单选题' : '三、多选题',
      pointsEach: type === 'multiple' ? 2 : 1,
      questions: [] as DeliveredQuestion[],
    }));
    for (let i = 0; i < this.questions; i++) {
      const section = sections[Math.floor((i * TYPES.length) / this.questions)];
      const labels =
        section.type === 'judge'
          ? []
          : section.type === 'single'
            ? ['A', 'B', 'C', 'D']
            : ['A', 'B', 'C', 'D', 'E'];
      section.questions.push({
        questionId: (paperId % 100_000) * 1000 + i + 1,
        position: i + 1,
        type: section.type,
        stem: `第 ${i + 1} 题：生产经营单位的主要负责人对本单位安全生产工作全面负责（试卷 ${paperId}）。`,
        options: labels.map((label) => ({ label, text: `选项 ${label}` })),
        points: section.pointsEach,
      });
    }
    const totalPoints = sections.reduce((s, x) => s + x.pointsEach * x.questions.length, 0);
    return Promise.resolve({
      paperId,
      title: '技术人员抽考（测试试卷）',
      discipline: 'hazardous-chemicals',
      totalPoints,
      durationMinutes: 120,
      multipleRule: 'partial',
      ruleText: '多选题：有错选不得分；少选且无错选的，每选对一项得 0.5 分。',
      sections,
    });
  }
}
