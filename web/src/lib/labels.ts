/** Chinese names of closed sets the server speaks in codes. */

const ACTIONS: Record<string, string> = {
  'user.bootstrap-admin': '创建初始管理员',
  'user.create': '新建账号',
  'user.update': '修改账号',
};

/** The audit action in words; unknown actions are shown as their code's prefix in words when known. */
export function actionLabel(action: string): string {
  if (ACTIONS[action]) {
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

export type QuestionTypeCode = 'judge' | 'single' | 'multiple';

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

export type CandidateState = 'not_logged_in' | 'waiting' | 'admitted' | 'in_progress' | 'submitted' | 'voided';

export function candidateStateLabel(s: string): string {
  const m: Record<string, string> = {
    'not-logged-in': '未登录',
    'in-progress': '答题中',
    not_logged_in: '未登录',
    absent: '未登录',
    logged_in: '已登录待入场',
    waiting: '已登录待入场',
    admitted: '已准入',
    in_progress: '答题中',
    submitted: '已交卷',
    voided: '已作废',
  };
  return m[s] ?? s;
}

export function proctoringEventLabel(kind: string): string {
  const m: Record<string, string> = {
    fullscreen_exit: '退出全屏',
    'fullscreen-exit': '退出全屏',
    fullscreen_enter: '进入全屏',
    blur: '窗口失焦',
    focus: '窗口回焦',
    visibility_hidden: '页面被隐藏',
    'visibility-hidden': '页面被隐藏',
    visibility_visible: '页面恢复可见',
    paste: '粘贴尝试',
    offline: '网络断开',
    online: '网络恢复',
    second_login: '重复登录',
    'second-login': '重复登录',
    login: '登录',
    connect: '连接',
    disconnect: '断开连接',
    admit: '准入',
    warn: '警告',
    warning: '警告',
    auto_warning: '自动警告',
    extend: '延时',
    force_submit: '强制收卷',
    void: '作废（作弊）',
    readmit: '重新准入',
    submit: '交卷',
    started: '开始答题',
    start: '开始答题',
    flag: '标记复核',
    threshold: '达到阈值',
  };
  return m[kind] ?? kind;
}
