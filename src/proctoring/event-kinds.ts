/** What the candidate's page reports. */
export const CANDIDATE_EVENT_KINDS = [
  'fullscreen-exit',
  'fullscreen-enter',
  'blur',
  'focus',
  'visibility-hidden',
  'visibility-visible',
  'paste',
  'offline',
  'online',
] as const;
export type CandidateEventKind = (typeof CANDIDATE_EVENT_KINDS)[number];

/**
 * What the server itself records. 'connection-lost' / 'connection-restored': the server saw the candidate's last
 * socket go (and not come back) while the attempt was in progress, and saw one come back. 'second-login' with
 * `details.held`: a sign-in from another device waiting for the proctor's 'admit-relogin'. 'events-dropped': once per candidate, the first time their reports exceed the
 * per-minute limit.
 */
export type SystemEventKind =
  | 'second-login'
  | 'auto-warning'
  | 'flagged'
  | 'started'
  | 'submitted'
  | 'events-dropped'
  | 'connection-lost'
  | 'connection-restored';

/** What a proctor does (each with a reason, each audited). */
export const PROCTOR_ACTIONS = [
  'admit',
  'warn',
  'extend',
  'force-submit',
  'void',
  'readmit',
  'admit-relogin',
] as const;
export type ProctorAction = (typeof PROCTOR_ACTIONS)[number];

export type ProctoringEventKind = CandidateEventKind | SystemEventKind | ProctorAction;
export type ProctoringEventSource = 'candidate' | 'system' | 'proctor';

export function isCandidateEventKind(kind: unknown): kind is CandidateEventKind {
  return typeof kind === 'string' && (CANDIDATE_EVENT_KINDS as readonly string[]).includes(kind);
}

/** How an event is named to a proctor. */
export function eventKindName(kind: ProctoringEventKind): string {
  switch (kind) {
    case 'fullscreen-exit':
      return '退出全屏';
    case 'fullscreen-enter':
      return '进入全屏';
    case 'blur':
      return '窗口失去焦点';
    case 'focus':
      return '窗口恢复焦点';
    case 'visibility-hidden':
      return '页面被隐藏';
    case 'visibility-visible':
      return '页面恢复显示';
    case 'paste':
      return '尝试粘贴';
    case 'offline':
      return '网络断开';
    case 'online':
      return '网络恢复';
    case 'second-login':
      return '异地登录';
    case 'auto-warning':
      return '系统自动警告';
    case 'flagged':
      return '标记异常';
    case 'started':
      return '开始答题';
    case 'submitted':
      return '交卷';
    case 'events-dropped':
      return '上报过于频繁';
    case 'connection-lost':
      return '连接中断';
    case 'connection-restored':
      return '连接恢复';
    case 'admit':
      return '准许入场';
    case 'warn':
      return '监考警告';
    case 'extend':
      return '延长时间';
    case 'force-submit':
      return '强制收卷';
    case 'void':
      return '作废（作弊）';
    case 'readmit':
      return '重新准入';
    case 'admit-relogin':
      return '准许再次入场';
  }
}
