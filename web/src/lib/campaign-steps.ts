/** The campaign's guided flow: the steps in order, and how far a campaign has come. */

export const CAMPAIGN_STEPS = [
  { key: 'freeze', title: '冻结名册' },
  { key: 'draw', title: '公开抽取' },
  { key: 'blueprints', title: '组卷蓝图' },
  { key: 'sittings', title: '场次与准考证' },
  { key: 'papers', title: '组卷' },
  { key: 'monitoring', title: '考试监控' },
  { key: 'results', title: '成绩' },
  { key: 'publish', title: '公示' },
  { key: 'objections', title: '异议处理' },
  { key: 'finalise', title: '确认结果' },
] as const;

export type CampaignStep = (typeof CAMPAIGN_STEPS)[number]['key'];

export function isCampaignStep(s: unknown): s is CampaignStep {
  return CAMPAIGN_STEPS.some((x) => x.key === s);
}

export function campaignStatusLabel(s: string): string {
  switch (s) {
    case 'draft':
      return '草稿';
    case 'frozen':
      return '名册已冻结';
    case 'drawn':
      return '已抽取';
    default:
      return s;
  }
}

/** What is known about a campaign's progress beyond its own status. */
export interface CampaignProgress {
  status: string;
  sittings?: number;
  papers?: number;
  graded?: number;
  published?: boolean;
  final?: boolean;
}

/** The first step that is not done yet: where "continue" leads. */
export function nextStep(p: CampaignProgress): CampaignStep {
  if (p.status === 'draft') {
    return 'freeze';
  }
  if (p.status === 'frozen') {
    return 'draw';
  }
  if (!p.sittings) {
    return 'blueprints';
  }
  if (!p.papers) {
    return 'papers';
  }
  if (!p.graded) {
    return 'monitoring';
  }
  if (!p.published) {
    return 'results';
  }
  if (!p.final) {
    return 'objections';
  }
  return 'finalise';
}

export function stepIndex(s: CampaignStep): number {
  return CAMPAIGN_STEPS.findIndex((x) => x.key === s);
}
