/**
 * The address candidates open to sign in (考试地址), as the administrator sets it under 系统设置. Pure: the
 * service loads the stored value and calls these.
 *
 * Which address is in force, first found wins:
 *   1. the one stored under 系统设置 (table `exam_settings`),
 *   2. EXAM_LOGIN_URL from the environment (the initial default of a deployment),
 *   3. the scheme and host the caller's browser used + `/exam`.
 */

export type ExamAddressSource = 'settings' | 'environment' | 'browser';

export interface ExamAddressCheck {
  /** The address as it will be printed: trimmed, `/exam` added when only a host was given. */
  url: string;
  /** Set when only this machine can open the address: candidates' computers cannot. */
  warning?: string;
}

/** Longest address accepted (it is printed on a ticket and encoded in a QR code). */
export const EXAM_ADDRESS_MAX = 300;

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$/i;

/** True for a host name that only the server's own machine can reach (localhost, 127.x, ::1, 0.0.0.0). */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host) || /\.localhost$/i.test(host);
}

/** The warning printed with an address only the server's machine can open. */
export function localAddressWarning(host: string): string {
  return `此地址（${host}）只能在服务器本机打开，考生电脑无法访问：请管理员在“系统设置”中填写考生可访问的考试地址后重新打印`;
}

/**
 * Checks an address typed by the administrator. Refuses (returns `{ error }`) what is not an http(s)
 * address of a host; accepts a local host with a warning, since a stand-alone exam room may really use the
 * server's own screen. An address of the host alone gets `/exam`, the candidates' page, appended.
 */
export function checkExamAddress(input: string): ExamAddressCheck | { error: string } {
  const raw = input.trim();
  if (raw === '') {
    return { error: '请填写考试地址，例如 http://192.168.1.10:3000/exam' };
  }
  if (raw.length > EXAM_ADDRESS_MAX) {
    return { error: `考试地址过长（${raw.length} 个字符），最多 ${EXAM_ADDRESS_MAX} 个字符` };
  }
  if (/\s/.test(raw)) {
    return { error: '考试地址不能包含空格' };
  }
  if (!/^https?:\/\//i.test(raw)) {
    return { error: '考试地址须以 http:// 或 https:// 开头，例如 http://192.168.1.10:3000/exam' };
  }
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { error: `“${raw}”不是有效的网址` };
  }
  if (!u.hostname) {
    return { error: '考试地址缺少主机名或 IP 地址' };
  }
  if (u.username || u.password) {
    return { error: '考试地址不能包含用户名或密码' };
  }
  if (u.search || u.hash) {
    return { error: '考试地址不能包含“?”或“#”后的参数' };
  }
  const path = u.pathname.replace(/\/+$/, '');
  const url = `${u.protocol}//${u.host}${path === '' ? '/exam' : path}`;
  return isLocalHost(u.hostname) ? { url, warning: localAddressWarning(u.hostname) } : { url };
}

/**
 * The address in force: the stored one, else the environment's, else the caller's browser's + /exam.
 * A stored or configured value that no longer passes the check is still used as it is (it was accepted when
 * set); only the warning is recomputed.
 */
export function effectiveExamAddress(
  stored: string | null | undefined,
  environment: string | null | undefined,
  request: { protocol: string; host: string },
): ExamAddressCheck & { source: ExamAddressSource } {
  const source: ExamAddressSource = stored ? 'settings' : environment ? 'environment' : 'browser';
  const url = stored || environment || `${request.protocol}://${request.host}/exam`;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  return isLocalHost(host) ? { url, source, warning: localAddressWarning(host) } : { url, source };
}
