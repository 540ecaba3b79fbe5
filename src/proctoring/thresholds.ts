import type { ProctoringEventKind } from './event-kinds';

/** The reported behaviours that thresholds count; a group may gather several kinds. */
export const THRESHOLD_GROUPS = [
  'focus-loss',
  'fullscreen-exit',
  'paste',
  'offline',
  'second-login',
] as const;
export type ThresholdGroup = (typeof THRESHOLD_GROUPS)[number];

export interface Threshold {
  /** Warn automatically when the count reaches this, and again at each multiple; null: never. */
  warnAt: number | null;
  /** Flag the candidate for review when the count reaches this; null: never. */
  flagAt: number | null;
}

/** Per-sitting settings of automatic proctoring. */
export interface ProctoringSettings {
  thresholds: Record<ThresholdGroup, Threshold>;
}

export const DEFAULT_PROCTORING_SETTINGS: ProctoringSettings = {
  thresholds: {
    'focus-loss': { warnAt: 3, flagAt: 6 },
    'fullscreen-exit': { warnAt: 2, flagAt: 5 },
    paste: { warnAt: 1, flagAt: 3 },
    offline: { warnAt: null, flagAt: null },
    'second-login': { warnAt: null, flagAt: 2 },
  },
};

/** The group an event kind counts towards, or null when it is not counted. */
export function thresholdGroupOf(kind: ProctoringEventKind): ThresholdGroup | null {
  switch (kind) {
    case 'blur':
    case 'visibility-hidden':
      return 'focus-loss';
    case 'fullscreen-exit':
      return 'fullscreen-exit';
    case 'paste':
      return 'paste';
    case 'offline':
      return 'offline';
    case 'second-login':
      return 'second-login';
    default:
      return null;
  }
}

/** The event kinds of a group (to count them in the database). */
export function kindsOfGroup(group: ThresholdGroup): ProctoringEventKind[] {
  switch (group) {
    case 'focus-loss':
      return ['blur', 'visibility-hidden'];
    case 'fullscreen-exit':
      return ['fullscreen-exit'];
    case 'paste':
      return ['paste'];
    case 'offline':
      return ['offline'];
    case 'second-login':
      return ['second-login'];
  }
}

export interface ThresholdOutcome {
  warn: boolean;
  flag: boolean;
}

/**
 * What the count of a group, just raised to `count` by one more event, triggers: a warning when it reaches
 * `warnAt` or a multiple of it, a flag exactly when it reaches `flagAt` (once).
 */
export function thresholdOutcome(threshold: Threshold, count: number): ThresholdOutcome {
  const warn =
    threshold.warnAt !== null && threshold.warnAt > 0 && count > 0 && count % threshold.warnAt === 0;
  const flag = threshold.flagAt !== null && threshold.flagAt > 0 && count === threshold.flagAt;
  return { warn, flag };
}

/** Fills settings from a partial input with the defaults, so that stored settings are always complete. */
export function completeSettings(partial?: {
  thresholds?: Partial<Record<ThresholdGroup, Partial<Threshold>>>;
}): ProctoringSettings {
  const thresholds = {} as Record<ThresholdGroup, Threshold>;
  for (const g of THRESHOLD_GROUPS) {
    const d = DEFAULT_PROCTORING_SETTINGS.thresholds[g];
    const p = partial?.thresholds?.[g];
    thresholds[g] = {
      warnAt: p?.warnAt !== undefined ? p.warnAt : d.warnAt,
      flagAt: p?.flagAt !== undefined ? p.flagAt : d.flagAt,
    };
  }
  return { thresholds };
}

/** The automatic warning text shown to the candidate. */
export function autoWarningText(group: ThresholdGroup, count: number): string {
  switch (group) {
    case 'focus-loss':
      return `系统检测到您已 ${count} 次离开考试页面。请保持在考试页面作答，多次离开将被标记并由监考员处理。`;
    case 'fullscreen-exit':
      return `系统检测到您已 ${count} 次退出全屏。请保持全屏作答，多次退出将被标记并由监考员处理。`;
    case 'paste':
      return `系统检测到粘贴操作（${count} 次）。考试期间禁止粘贴，继续操作将被标记并由监考员处理。`;
    case 'offline':
      return `系统检测到您的网络已断开 ${count} 次，请检查网络连接。`;
    case 'second-login':
      return `系统检测到您的账号已在其他设备登录 ${count} 次。`;
  }
}
