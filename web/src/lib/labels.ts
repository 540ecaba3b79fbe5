/** Chinese names of closed sets the server speaks in codes. */

const ACTIONS: Record<string, string> = {
  'user.bootstrap-admin': '创建初始管理员',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'auth.login': '工作人员登录',
  'auth.login-failed': '登录失败',
  'candidate.login': '考生登录',
  'roster.export': '导出名册（含身份证号）',
  'results.export': '导出成绩（含身份证号）',
  'audit.keyed': '审计链启用密钥',
  'agency.create': '新增机构',
  'agency.update': '修改机构',
  'agency.delete': '删除机构',
  'technician.create': '新增技术人员',
  'technician.update': '修改技术人员',
  'technician.delete': '删除技术人员',
  'roster.import': '导入名册',
  'roster.conflict.resolve': '处理人员冲突',
  'campaign.create': '新建批次',
  'campaign.update': '修改批次设置',
  'campaign.freeze': '冻结名册',
  'campaign.draw': '公开抽取',
  'campaign.excuse': '登记免考并递补',
  'qbank.import': '导入题库文件',
  'qbank.upload': '上传题库',
  'qbank.item.create': '新建题目',
  'qbank.item.update': '修改题目（新版本）',
  'qbank.item.approve': '审核通过题目',
  'qbank.item.retire': '停用题目',
  'blueprint.create': '保存组卷蓝图',
  'blueprint.update': '修改组卷蓝图',
  'blueprint.delete': '删除组卷蓝图',
  'papers.assemble': '组卷',
  'sitting.create': '新建场次',
  'sitting.update': '修改场次',
  'sitting.set-proctors': '安排监考员',
  'sitting.assign-candidates': '安排考生',
  'sitting.remove-candidate': '移出考生',
  'sitting.prepare-papers': '为场次分配试卷',
  'sitting.reveal-access-code': '公布入场码',
  'proctor.admit': '准许入场',
  'proctor.admit-all': '全部准入',
  'proctor.warn': '警告考生',
  'proctor.extend': '延长答题时间',
  'proctor.force-submit': '强制收卷',
  'proctor.void': '作废答卷（作弊）',
  'proctor.readmit': '重新准入',
  'scoring.grade': '阅卷',
  'scoring.components': '计算机构得分',
  'scoring.components.lock': '锁定机构得分',
  'scoring.item-analysis': '试题分析',
  'scoring.item-review': '复核试题',
  'scoring.key-correction': '更正答案并重新阅卷',
  'scoring.settings': '修改计分设置',
  'publication.publish': '公示成绩',
  'publication.republish': '更正后重新公示',
  'publication.finalise': '确认结果',
  'publication.objection.answer': '答复异议',
  'publication.calendar': '录入年度节假日安排',
};

/** The audit action in words; unknown actions are shown as their code's prefix in words when known. */
export function actionLabel(action: string): string {
  if (action in ACTIONS) {
    return ACTIONS[action];
  }
  const [domain] = action.split('.');
  const domains: Record<string, string> = {
    user: '账号',
    question: '题库',
    qbank: '题库',
    roster: '名册',
    agency: '机构',
    technician: '人员',
    campaign: '批次',
    draw: '抽取',
    sampling: '抽取',
    blueprint: '蓝图',
    paper: '试卷',
    papers: '试卷',
    sitting: '场次',
    attempt: '答卷',
    proctor: '监考',
    proctoring: '监考',
    scoring: '阅卷',
    publication: '公示',
    objection: '异议',
  };
  return domains[domain] ? `${domains[domain]}：${action.slice(domain.length + 1)}` : action;
}

export function questionTypeLabel(t: string): string {
  switch (t) {
    case 'judge':
      return '判断题';
    case 'single':
      return '单选题';
    case 'multiple':
      return '多选题';
    default:
      return t;
  }
}

export function questionStatusLabel(s: string): string {
  switch (s) {
    case 'draft':
      return '草稿';
    case 'approved':
      return '已审核';
    case 'retired':
      return '已停用';
    case 'pending':
    case 'review':
      return '待审核';
    default:
      return s;
  }
}

/** The default disciplines (the "2+8" industries); the server's list takes precedence when available. */
export const DEFAULT_DISCIPLINES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'hazardous-chemicals', name: '危险化学品' },
  { code: 'non-coal-mining', name: '非煤矿山' },
  { code: 'metallurgy', name: '冶金' },
  { code: 'nonferrous', name: '有色' },
  { code: 'building-materials', name: '建材' },
  { code: 'machinery', name: '机械' },
  { code: 'light-industry', name: '轻工' },
  { code: 'textile', name: '纺织' },
  { code: 'tobacco', name: '烟草' },
  { code: 'commerce', name: '商贸' },
];

export function disciplineName(code: string | null | undefined): string {
  if (!code) {
    return '—';
  }
  if (code === 'common') {
    return '通用（法律法规）';
  }
  return DEFAULT_DISCIPLINES.find((d) => d.code === code)?.name ?? code;
}

export function candidateStateLabel(s: string): string {
  const m: Record<string, string> = {
    'not-logged-in': '未登录',
    'in-progress': '答题中',
    waiting: '已登录待入场',
    admitted: '已准入',
    submitted: '已交卷',
    voided: '已作废',
  };
  return m[s] ?? s;
}
