/**
 * The audit log read as sentences: "2026-12-08 09:15 管理员 张三 为考生 李四（票号 …）延长考试 10 分钟，理由：…".
 *
 *   sentence = beijingTime(at) + " " + who(actor) + " " + TEMPLATES[action](target, details)
 *
 * Every action kind the code writes has a template here (audit-sentences.spec.ts scans src/ for the kinds, so a
 * new kind without a template fails the build); a kind that is not here (a row written by an older version)
 * reads as its code and target. Names come resolved from the database in `names` ("user:3" → "管理员 张三");
 * what is not resolved is shown by its kind and number. Pure: no Nest, no database.
 */

/** One stored audit row, as far as the sentence needs it. */
export interface AuditRowForSentence {
  at: Date | string;
  actor: string;
  action: string;
  target: string;
  /** Canonical JSON text of the details. */
  details: string;
}

/** Display names of references ("user:3", "sitting-candidate:17", "campaign:2"), resolved by the caller. */
export type AuditNames = ReadonlyMap<string, string>;

type Details = Record<string, unknown>;

/** What a template sees: the target's display name, the details, and a way to name any other reference. */
interface Ctx {
  target: string;
  d: Details;
  name: (ref: string) => string;
}

type Template = (c: Ctx) => string;

const UTC8_MS = 8 * 3600 * 1000;

/** "2026-12-08 09:15" in Beijing time (UTC+8, no daylight saving), whatever the server's zone. */
export function beijingTime(at: Date | string, seconds = false): string {
  const t = new Date(new Date(at).getTime() + UTC8_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
  return seconds ? `${base}:${p(t.getUTCSeconds())}` : base;
}

/**
 * The UTC instant at which a Beijing calendar day starts: "2026-12-08" → 2026-12-07T16:00:00Z. Filters by date
 * range use it so that "the 8th" means the 8th in Beijing.
 */
export function beijingDayStart(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) {
    throw new RangeError(`not a date: ${date}`);
  }
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - UTC8_MS);
}

const ROLE_NAMES: Record<string, string> = {
  admin: '管理员',
  proctor: '监考员',
  reviewer: '评审专家',
  inspector: '检查专家',
};

/** How a staff account is named in sentences: "管理员 张三". */
export function staffLabel(role: string, displayName: string): string {
  return `${ROLE_NAMES[role] ?? '工作人员'} ${displayName}`;
}

/** How a candidate is named in sentences: "考生 李四（票号 T0001）". */
export function candidateLabel(name: string, ticketNumber: string | null): string {
  return ticketNumber ? `考生 ${name}（票号 ${ticketNumber}）` : `考生 ${name}`;
}

const KIND_NAMES: Record<string, string> = {
  user: '账号',
  candidate: '考生',
  'sitting-candidate': '考生',
  campaign: '批次',
  sitting: '场次',
  agency: '机构',
  technician: '技术人员',
  question: '试题',
  source: '依据文件',
  'rating-round': '评定轮次',
  'rating-agency': '受评机构',
  objection: '异议',
  calendar: '节假日日历',
  settings: '设置',
  item: '试题',
  blueprint: '组卷方案',
  roster: '名册文件',
  attempt: '答卷',
};

/** A reference's display name: resolved when known, else its kind in words and its key ("批次 #2"). */
export function refLabel(ref: string, names: AuditNames): string {
  if (ref.includes('/')) {
    return ref
      .split('/')
      .map((p) => refLabel(p, names))
      .join(' ');
  }
  const known = names.get(ref);
  if (known) {
    return known;
  }
  switch (ref) {
    case 'system':
      return '系统';
    case 'anonymous':
      return '未登录的访问者';
    case 'audit':
      return '审计日志';
    case 'roster':
      return '名册';
    case 'question-bank':
    case 'question-bank:files':
    case 'question-bank:upload':
      return '题库';
    case 'user:unknown':
      return '不存在的账号';
  }
  const i = ref.indexOf(':');
  if (i < 0) {
    return ref;
  }
  const kind = ref.slice(0, i);
  const key = ref.slice(i + 1);
  const word = KIND_NAMES[kind];
  if (!word) {
    return ref;
  }
  return /^\d+$/.test(key) ? `${word} #${key}` : `${word} ${key}`;
}

const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v === null || v === undefined
        ? ''
        : JSON.stringify(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const count = (v: unknown): number | null =>
  Array.isArray(v) ? v.length : typeof v === 'number' && Number.isFinite(v) ? v : null;
/** "，理由：…" when the details carry one. */
const why = (d: Details, key = 'reason', word = '理由'): string =>
  str(d[key]).trim() ? `，${word}：${str(d[key]).trim()}` : '';
const minutes = (seconds: unknown): string => {
  const s = num(seconds);
  if (s === null) {
    return '';
  }
  return s % 60 === 0 ? `${s / 60} 分钟` : `${Math.round((s / 60) * 10) / 10} 分钟`;
};
const n = (v: unknown, unit: string): string => {
  const c = count(v);
  return c === null ? '' : `${c} ${unit}`;
};
const when = (iso: unknown): string => (typeof iso === 'string' && iso ? beijingTime(iso) : '');

const OBJECTION_OUTCOMES: Record<string, string> = {
  upheld: '异议成立',
  rejected: '异议不成立',
  other: '其他处理',
};

const LOGIN_FAILURES: Record<string, string> = {
  'unknown-user': '用户名不存在',
  'bad-password': '密码错误',
  inactive: '账号已停用',
};

const REVIEW_DECISIONS: Record<string, string> = {
  approve: '同意',
  'request-change': '退回修改',
  reject: '否决',
};

const STATUS: Record<string, string> = {
  draft: '草稿',
  approved: '已审核',
  retired: '已停用',
  'in-review': '评审中',
  current: '现行有效',
  superseded: '已被取代',
  repealed: '已废止',
};
const status = (v: unknown): string => STATUS[str(v)] ?? str(v);

/**
 * One template per action kind: the words after "<time> <who> ". Keep them short; the raw details stay available
 * behind 详情.
 */
export const AUDIT_TEMPLATES: Readonly<Record<string, Template>> = {
  // Accounts and sign-in
  'user.bootstrap-admin': ({ target }) => `在首次启动时创建初始管理员账号 ${target}`,
  'user.create': ({ target, d }) =>
    `新建账号 ${target}（用户名 ${str(d.username)}，角色 ${ROLE_NAMES[str(d.role)] ?? str(d.role)}）`,
  'user.update': ({ target, d }) => {
    const parts: string[] = [];
    if (d.displayName !== undefined) {
      parts.push(`姓名改为“${str(d.displayName)}”`);
    }
    if (d.role !== undefined) {
      parts.push(`角色改为${ROLE_NAMES[str(d.role)] ?? str(d.role)}`);
    }
    if (d.active !== undefined) {
      parts.push(d.active ? '启用账号' : '停用账号');
    }
    if (d.passwordChanged) {
      parts.push('重置密码');
    }
    return `修改账号 ${target}${parts.length ? `：${parts.join('，')}` : ''}`;
  },
  'auth.login': ({ d }) => `登录系统${d.ip ? `（IP ${str(d.ip)}）` : ''}`,
  'auth.login-failed': ({ d }) =>
    `以用户名“${str(d.username)}”登录失败：${LOGIN_FAILURES[str(d.reason)] ?? str(d.reason)}${d.ip ? `（IP ${str(d.ip)}）` : ''}`,
  'auth.password-change': () => '修改了自己的密码，其他设备上的登录随之失效',
  'auth.password-change-failed': () => '修改自己的密码未成功：当前密码输入错误',
  'candidate.login': ({ target, d }) => `以${target}的准考证登录考试${d.ip ? `（IP ${str(d.ip)}）` : ''}`,

  // Audit log itself
  'audit.keyed': ({ d }) => `启用审计日志密钥，封存此前 ${str(d.unkeyedRows)} 条未加密钥的记录`,
  'audit.export': ({ d }) =>
    `导出审计日志 Excel（${n(d.rows, '条')}${d.filter ? `，筛选：${str(d.filter)}` : ''}）`,

  // Roster
  'agency.create': ({ target, d }) => `新增机构 ${str(d.name) || target}（统一社会信用代码 ${str(d.code)}）`,
  'agency.update': ({ target, d }) =>
    `修改机构 ${target}（${str(d.code)}）${d.changes && typeof d.changes === 'object' ? `的${Object.keys(d.changes).join('、')}` : ''}`,
  'agency.delete': ({ target, d }) => `删除机构 ${str(d.name) || target}（${str(d.code)}）`,
  'technician.create': ({ target, d }) => `新增技术人员 ${target}（身份证号 ${str(d.idNumber)}）`,
  'technician.update': ({ target, d }) =>
    `修改技术人员 ${target}${d.changes && typeof d.changes === 'object' ? `的${Object.keys(d.changes).join('、')}` : ''}`,
  'technician.delete': ({ target, d }) => `删除技术人员 ${target}（身份证号 ${str(d.idNumber)}）`,
  'roster.conflict.resolve': ({ target, d }) =>
    `处理一人多机构执业：保留 ${target}，停用其余 ${n(d.deactivated, '条')}记录${why(d)}`,
  'roster.export': ({ d }) => `导出机构与人员名册（${n(d.technicians, '名技术人员')}）`,
  'roster.import': ({ d }) => `导入名册${d.fileName ? `文件“${str(d.fileName)}”` : ''}`,

  // Campaigns and draws
  'campaign.create': ({ target }) => `新建评定${target}`,
  'campaign.update': ({ target }) => `修改评定批次 ${target} 的设置`,
  'campaign.exam-date': ({ target, d }) =>
    `将 ${target} 的考试日期由 ${str(d.before) || '未定'} 改为 ${str(d.examDate) || '未定'}`,
  'campaign.freeze': ({ target, d }) =>
    `冻结 ${target} 的名册（${n(d.agencies, '家机构')}、${n(d.technicians, '名技术人员')}），名册哈希 ${str(d.rosterHash).slice(0, 12)}…`,
  'campaign.draw': ({ target, d }) =>
    `对 ${target} 进行公开抽取（公开随机数“${str(d.entropy)}”，抽中 ${n(d.technicians, '人')}）`,
  'campaign.excuse': ({ target, d, name }) =>
    `在 ${target} 中登记 ${name(`technician:${str(d.technicianId)}`)} 请假${why(d)}${
      d.replacementTechnicianId
        ? `，由 ${name(`technician:${str(d.replacementTechnicianId)}`)} 递补`
        : '，无人递补'
    }`,

  // Papers and sittings
  'blueprint.create': ({ target }) => `保存组卷方案 ${target}`,
  'blueprint.update': ({ target }) => `修改组卷方案 ${target}`,
  'blueprint.delete': ({ target }) => `删除组卷方案 ${target}`,
  'papers.assemble': ({ target, d }) => `为 ${target} 生成试卷 ${n(d.created, '份')}`,
  'sitting.create': ({ target, d }) => `新建考试场次“${str(d.name) || target}”`,
  'sitting.update': ({ target }) => `修改考试场次 ${target}`,
  'sitting.set-proctors': ({ target, d }) => `为 ${target} 指定监考员 ${n(d.userIds, '名')}`,
  'sitting.assign-candidates': ({ target, d }) => `为 ${target} 安排考生 ${n(d.added, '名')}`,
  'sitting.prepare-papers': ({ target, d }) =>
    `为 ${target} 分发试卷 ${n(d.prepared, '份')}${count(d.missing) ? `，${n(d.missing, '人')}缺少试卷` : ''}`,
  'sitting.remove-candidate': ({ target, d }) => `将考生（票号 ${str(d.ticketNumber)}）移出 ${target}`,
  'sitting.delete': ({ target, d }) => `删除考试场次 ${target}${why(d)}`,
  'sitting.close': ({ target, d }) =>
    `提前结束 ${target}（已交卷 ${str(d.finished)} 人${count(d.absentTechnicianIds) ? `，缺考 ${n(d.absentTechnicianIds, '人')}` : ''}）${why(d)}`,
  'sitting.split': ({ target, d }) => `将 ${target} 的考生分为 ${n(d.sittings, '个场次')}`,
  'sitting.printout': ({ target, d }) => `打印 ${target} 的考场资料（${n(d.candidates, '名考生')}）`,
  'sitting.agency-notice-export': ({ target, d }) =>
    `导出 ${target} 致各机构的参考通知（${n(d.people, '人')}）`,
  'settings.exam-address': ({ d }) =>
    `将考生登录地址由“${str(d.from) || '未设置'}”改为“${str(d.to) || '未设置'}”`,
  'sitting.reveal-access-code': ({ target }) => `查看 ${target} 的入场码`,

  // Proctoring
  'personal-data.view': ({ target, d }) =>
    `查看${target}的完整身份证号${d.purpose === 'identity-check' ? '（核验身份）' : d.purpose ? `（${str(d.purpose)}）` : ''}`,
  'proctor.admit': ({ target, d }) => `准许${target}入场${why(d)}`,
  'proctor.admit-all': ({ target, d }) =>
    `在 ${target} 准许全部考生入场（${n(d.sittingCandidateIds, '人')}）${why(d)}`,
  'proctor.warn': ({ target, d }) => `警告${target}：“${str(d.message) || str(d.reason)}”`,
  'proctor.extend': ({ target, d }) => `为${target}延长考试 ${minutes(d.seconds)}${why(d)}`,
  'proctor.force-submit': ({ target, d }) => `对${target}强制收卷${why(d)}`,
  'proctor.void': ({ target, d }) => `作废${target}的答卷（作弊，计 0 分）${why(d)}`,
  'proctor.admit-relogin': ({ target, d }) => `准许${target}在另一台设备上重新登录${why(d)}`,
  'proctor.readmit': ({ target, d }) =>
    `准许${target}重新作答，加时 ${minutes(d.seconds)}${d.deadline ? `，至 ${when(d.deadline)}` : ''}${why(d)}`,

  // Question bank
  'qbank.import': ({ d }) => `导入随系统发布的题库文件（${n(d.files, '个文件')}，${n(d.items, '道题')}）`,
  'qbank.upload': ({ d }) => `上传题库文件${d.fileName ? `“${str(d.fileName)}”` : ''}`,
  'qbank.item.create': ({ target }) => `新建${target}`,
  'qbank.item.update': ({ target, d }) =>
    `修改${target}（版本 ${str(d.fromVersion)} → ${str(d.toVersion)}）${why(d, 'note', '说明')}`,
  'qbank.item.approve': ({ target, d }) => `审核通过${target}（版本 ${str(d.versionNo)}）${why(d)}`,
  'qbank.item.retire': ({ target, d }) => `停用${target}${why(d)}`,
  'qbank.review.settings': ({ d }) => `将每题所需评审人数由 ${str(d.from)} 改为 ${str(d.to)}`,
  'qbank.review.approve': ({ target, d }) =>
    `评审${target}：同意（版本 ${str(d.versionNo)}）${why(d, 'comment', '意见')}`,
  'qbank.review.request-change': ({ target, d }) =>
    `评审${target}：${REVIEW_DECISIONS['request-change']}（版本 ${str(d.versionNo)}）${why(d, 'comment', '意见')}`,
  'qbank.review.reject': ({ target, d }) =>
    `评审${target}：否决（版本 ${str(d.versionNo)}）${why(d, 'comment', '意见')}`,
  'qbank.review.enqueue': ({ target, d }) =>
    `将${count(d.itemIds) !== null ? ` ${n(d.itemIds, '道题')}` : target}送入评审${why(d)}`,
  'qbank.review.import': ({ d }) => `导入评审结果文件${d.fileName ? `“${str(d.fileName)}”` : ''}`,
  'qbank.source.currency': ({ target, d }) => `将${target}的效力由“${status(d.from)}”改为“${status(d.to)}”`,
  'qbank.source.text': ({ target, d }) => `上传${target}的全文（${n(d.chars, '字')}）`,

  // Scoring
  'scoring.grade': ({ target, d }) =>
    `对 ${target} 阅卷（涉及 ${str(d.considered)} 份，首次评分 ${str(d.graded)}，成绩变化 ${str(d.changed)}）`,
  'scoring.components': ({ target, d }) => `计算 ${target} 的机构抽考得分（${n(d.agencies, '家机构')}）`,
  'scoring.components.lock': ({ target, d }) => `锁定 ${target} 的机构抽考得分（${n(d.locked, '家')}）`,
  'scoring.settings': ({ target }) => `修改 ${target} 的专家库候选分数线`,
  'scoring.absence.record': ({ target, d }) => `登记 ${target} 无故缺考${why(d)}`,
  'scoring.absence.withdraw': ({ target, d }) => `撤销 ${target} 的缺考登记${why(d)}`,
  'scoring.item-analysis': ({ target, d }) =>
    `对 ${target} 进行试题分析（${n(d.items, '道题')}，标记 ${str(d.flagged)} 道）`,
  'scoring.item-review': ({ target, d }) => `复核${target}的试题分析标记${why(d, 'note', '说明')}`,
  'scoring.key-correction': ({ target, d }) =>
    `更正 ${target} 中一道题的答案并重新阅卷${why(d, 'reason', '依据')}`,
  'scoring.answer-sheet.view': ({ target, d }) =>
    `查看${target}的答卷${d.objectionId ? `（处理异议 #${str(d.objectionId)}）` : ''}`,
  'results.export': ({ target, d }) =>
    `导出 ${target} 的考生成绩 Excel（${n(d.candidates, '人')}${d.filter ? `，筛选：${str(d.filter)}` : ''}）`,

  // Publication
  'publication.publish': ({ target, d }) =>
    `公示 ${target} 的成绩（公示期 ${str(d.noticeStart)} 至 ${str(d.noticeEnd)}）`,
  'publication.republish': ({ target, d }) =>
    `更正并重新公示 ${target} 的成绩（第 ${str(d.version)} 版）${why(d, 'changeNote', '说明')}`,
  'publication.finalise': ({ target }) => `确认 ${target} 公示期满，成绩生效`,
  'publication.objection.answer': ({ target, d }) =>
    `答复${target}：${OBJECTION_OUTCOMES[str(d.outcome)] ?? str(d.outcome)}${why(d, 'answer', '答复')}`,
  'publication.calendar': ({ d }) => `录入 ${str(d.year)} 年节假日与调休日历`,

  // Agency rating
  'rating.round.create': ({ target, d }) =>
    `新建 ${str(d.year)} 年度分类评定（${target}，${n(d.agencies, '家机构')}）`,
  'rating.exam.take': ({ target, d }) => `为 ${target} 取用抽考批次 #${str(d.campaignId)} 的得分`,
  'rating.agency.self-assessed': ({ target }) => `确认 ${target} 已提交自评`,
  'rating.agency.withdraw': ({ target, d }) => `将 ${target} 移出评定${why(d)}`,
  'rating.expert.add': ({ target, d, name }) =>
    `将 ${name(`user:${str(d.userId)}`)} 加入 ${target} 的检查专家`,
  'rating.expert.assign': ({ target, d, name }) => `指派 ${name(`user:${str(d.userId)}`)} 检查 ${target}`,
  'rating.object.add': ({ target, d }) => `为 ${target} 添加服务对象“${str(d.name)}”`,
  'rating.deduction.add': ({ target, d }) =>
    `对 ${target} 第 ${str(d.item)} 项扣分${why(d, 'evidence', '依据')}`,
  'rating.deduction.withdraw': ({ target, d }) => `撤回对 ${target} 第 ${str(d.item)} 项的扣分`,
  'rating.bonus.add': ({ target, d }) => `为 ${target} 加 ${str(d.points)} 分${why(d)}`,
  'rating.veto.add': ({ target, d }) => `对 ${target} 记录否决项 ${str(d.code)}${why(d, 'evidence', '依据')}`,
  'rating.evidence.attach': ({ target, d }) => `为 ${target} 的扣分上传证据“${str(d.fileName)}”`,
  'rating.evidence.remove': ({ target, d }) => `删除 ${target} 的证据“${str(d.fileName)}”`,
  'rating.object-draw.list': ({ target, d }) => `登记 ${target} 的服务对象名单（${n(d.names, '个')}）`,
  'rating.object-draw.draw': ({ target, d }) => `为 ${target} 公开抽取服务对象，抽中“${str(d.name)}”`,
  'rating.survey.links': ({ target, d }) => `为 ${target} 生成满意度测评链接 ${n(d.links, '个')}`,
  'rating.survey.answer': ({ target, d }) => `提交对 ${target} 的满意度测评（${str(d.total)} 分）`,
  'rating.survey.paper': ({ target, d }) => `录入 ${target} 的纸质满意度测评表（${str(d.total)} 分）`,
  'rating.self-assessment.upload': ({ target, d }) =>
    `为 ${target} 上传自评材料“${str(d.fileName)}”（${n(d.rows, '行')}）${d.replaced ? '，替换原文件' : ''}`,
  'rating.self-assessment.excuse': ({ target, d }) => `准许 ${target} 延后提交自评${why(d)}`,
  'rating.self-assessment.close': ({ target, d }) =>
    `结束 ${target} 的自评阶段${count(d.givenUp) ? `，${n(d.givenUp, '家机构')}视为主动放弃` : ''}`,
  'rating.publish': ({ target, d }) =>
    `公示 ${target} 的评定结果（公示期 ${str(d.noticeStart)} 至 ${str(d.noticeEnd)}）`,
  'rating.republish': ({ target, d }) =>
    `更正并重新公示 ${target} 的评定结果（第 ${str(d.version)} 版）${why(d, 'changeNote', '说明')}`,
  'rating.finalise': ({ target }) => `确认 ${target} 公示期满，评定结果生效`,
  'rating.objection.file': ({ target, d }) =>
    `对 ${target} 的评定结果提出异议（异议 #${str(d.objectionId)}）`,
  'rating.objection.answer': ({ target, d }) =>
    `答复 ${target} 的异议 #${str(d.objectionId)}${why(d, 'answer', '答复')}`,
};

function parseDetails(text: string): Details {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Details) : {};
  } catch {
    return {};
  }
}

/** Who acted, in words: "管理员 张三", "考生 李四（票号 …）", "系统". */
export function actorLabel(actor: string, names: AuditNames): string {
  return refLabel(actor, names);
}

/** What was done, without time and actor ("为考生 李四（票号 …）延长考试 10 分钟，理由：…"). */
export function auditPhrase(row: AuditRowForSentence, names: AuditNames): string {
  const t = AUDIT_TEMPLATES[row.action];
  const target = refLabel(row.target, names);
  if (!t) {
    return `执行 ${row.action}（对象 ${target}）`;
  }
  return t({ target, d: parseDetails(row.details), name: (ref) => refLabel(ref, names) });
}

/** The whole sentence: Beijing time, who, what. */
export function auditSentence(row: AuditRowForSentence, names: AuditNames): string {
  return `${beijingTime(row.at)} ${actorLabel(row.actor, names)} ${auditPhrase(row, names)}`;
}

/**
 * The references whose names a page of rows needs ("user:3", "sitting-candidate:17", "technician:5"…): actors,
 * targets (composite ones split) and the ids a template names from the details.
 */
export function referencesOf(rows: readonly AuditRowForSentence[]): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    out.add(r.actor);
    for (const p of r.target.split('/')) {
      out.add(p);
    }
    const d = parseDetails(r.details);
    if (d.technicianId !== undefined && d.technicianId !== null) {
      out.add(`technician:${str(d.technicianId)}`);
    }
    if (d.replacementTechnicianId !== undefined && d.replacementTechnicianId !== null) {
      out.add(`technician:${str(d.replacementTechnicianId)}`);
    }
    if (d.userId !== undefined && d.userId !== null) {
      out.add(`user:${str(d.userId)}`);
    }
  }
  return [...out].filter((ref) => /^[a-z-]+:\d+$/.test(ref));
}

/**
 * The action kinds whose words contain `text` ("延长" → proctor.extend), so that a free-text search finds the
 * rows by what they say even though the stored row holds only the code.
 */
export function actionKindsMatching(text: string): string[] {
  const q = text.trim();
  if (!q) {
    return [];
  }
  return Object.entries(AUDIT_TEMPLATES)
    .filter(([, t]) => t({ target: '', d: {}, name: () => '' }).includes(q))
    .map(([kind]) => kind);
}
