import { networkInterfaces } from 'node:os';

/**
 * What `npm start` prints once the server listens: where to open it, and on the first start the
 * administrator's name and generated password with the file it was saved to, so that the password is not
 * lost among the log lines. Pure: main.ts gathers the facts.
 */
export interface StartupFacts {
  /** The address to open on the server itself, e.g. http://localhost:3000. */
  localUrl: string;
  /** The same server at this machine's network addresses, e.g. http://192.168.1.10:3000. */
  lanUrls: string[];
  /** SQLite file or "MySQL". */
  database: string;
  /** Set on the start that created the administrator. */
  admin?: {
    username: string;
    /** Only when generated (never the one from ADMIN_PASSWORD). */
    password?: string;
    /** Where the generated password was saved (null when it could not be written). */
    savedTo?: string | null;
  };
}

export function renderStartupBanner(f: StartupFacts): string {
  const rule = '='.repeat(72);
  const lines = [
    '',
    rule,
    `  choukao 抽考平台已启动（${f.database}）`,
    `  在本机浏览器打开:   ${f.localUrl}`,
  ];
  for (const u of f.lanUrls) {
    lines.push(`  局域网内打开:       ${u}`);
  }
  if (f.lanUrls.length > 0) {
    lines.push(`  考生登录地址请在“系统设置”中设定，例如 ${f.lanUrls[0]}/exam`);
  }
  if (f.admin) {
    lines.push('', '  首次启动，已创建管理员账号:', `    用户名:  ${f.admin.username}`);
    if (f.admin.password) {
      lines.push(`    密码:    ${f.admin.password}`);
      lines.push(
        f.admin.savedTo
          ? `    密码已保存在 ${f.admin.savedTo}（仅本机管理员可读）；登录后请在“修改密码”中改掉它，并删除该文件。`
          : '    密码只显示这一次（未能写入文件），请立即记下；登录后请在“修改密码”中改掉它。',
      );
    } else {
      lines.push('    密码:    环境变量 ADMIN_PASSWORD 所设的密码');
    }
  }
  // One stable line for scripts and supervisors that wait for the server to be up.
  lines.push(rule, `choukao listening on ${f.localUrl} (${f.database})`, '');
  return `${lines.join('\n')}\n`;
}

/** http://<address>:<port> for each of this machine's non-internal IPv4 addresses (when listening on all). */
export function lanUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') {
    return [];
  }
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) {
        out.push(`http://${a.address}:${port}`);
      }
    }
  }
  return out;
}
