/**
 * Admission tickets (准考证): the number and the printable page. Pure: the service loads the rows and calls
 * these.
 */

/** Luhn check digit of a digit string, so that a mistyped ticket number is refused at once. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** 13 digits: campaign (4), sitting (4), seat (4), check digit. Ids beyond 9999 keep their full width. */
export function ticketNumber(campaignId: number, sittingId: number, seat: number): string {
  const body = [campaignId, sittingId, seat].map((n) => String(n).padStart(4, '0')).join('');
  return body + luhnDigit(body);
}

export function isWellFormedTicket(ticket: string): boolean {
  return /^\d{13,}$/.test(ticket) && luhnDigit(ticket.slice(0, -1)) === ticket.slice(-1);
}

export interface TicketView {
  ticketNumber: string;
  name: string;
  maskedIdNumber: string;
  agencyName: string;
  discipline: string;
  seat: number;
  sittingName: string;
  mode: 'room' | 'online';
  location: string;
  windowStart: Date;
  windowEnd: Date;
  durationSeconds: number;
  lateEntrySeconds: number;
  /** Where the candidate signs in, e.g. https://exam.example.cn/exam. */
  loginUrl: string;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** "2026年05月10日 09:00" in China time (the sittings are local events). */
export function chinaTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${p(t.getUTCMonth() + 1)}月${p(t.getUTCDate())}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

function minutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} 分钟` : `${Math.round(seconds / 6) / 10} 分钟`;
}

function ticketHtml(t: TicketView): string {
  const e = escapeHtml;
  const place =
    t.mode === 'room' ? `考场：${e(t.location)}（座位号 ${t.seat}）` : `线上考试：${e(t.location)}`;
  return `<section class="ticket">
  <h1>技术人员抽考 准考证</h1>
  <table>
    <tr><th>准考证号</th><td class="num">${e(t.ticketNumber)}</td></tr>
    <tr><th>姓名</th><td>${e(t.name)}</td></tr>
    <tr><th>身份证号</th><td class="num">${e(t.maskedIdNumber)}</td></tr>
    <tr><th>单位</th><td>${e(t.agencyName)}</td></tr>
    <tr><th>专业</th><td>${e(t.discipline)}</td></tr>
    <tr><th>场次</th><td>${e(t.sittingName)}</td></tr>
    <tr><th>地点</th><td>${place}</td></tr>
    <tr><th>时间</th><td>${chinaTime(t.windowStart)} 至 ${chinaTime(t.windowEnd)}（北京时间），答题时长 ${minutes(t.durationSeconds)}</td></tr>
  </table>
  <h2>登录须知</h2>
  <ol>
    <li>请携带本准考证和本人居民身份证，于考试开始前 15 分钟到达${t.mode === 'room' ? '考场' : '线上考试环境'}。</li>
    <li>使用电脑浏览器打开 <span class="num">${e(t.loginUrl)}</span>，输入准考证号、本人身份证号和监考员现场公布的入场码登录。</li>
    <li>登录后请等待监考员核验身份并准许入场，再点击“开始答题”。开考 ${minutes(t.lateEntrySeconds)} 后不得入场。</li>
    <li>答题时间以服务器时间为准，每题作答后自动保存；断网或刷新页面不会丢失已保存的答案，重新登录即可继续。</li>
    <li>考试期间须保持全屏，不得切换窗口、粘贴或在其他设备登录，系统将记录并提示监考员。</li>
  </ol>
</section>`;
}

/** A printable page of tickets, one per A5-ish block, a page break between them. */
export function renderAdmissionTickets(tickets: TicketView[], title: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; }
  .ticket { width: 170mm; margin: 10mm auto; padding: 8mm; border: 1px solid #333; page-break-after: always; }
  .ticket:last-child { page-break-after: auto; }
  h1 { font-size: 20px; text-align: center; margin: 0 0 6mm; }
  h2 { font-size: 15px; margin: 6mm 0 2mm; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #666; padding: 2mm 3mm; text-align: left; font-size: 14px; }
  th { width: 25mm; background: #f2f2f2; }
  .num { font-family: "DejaVu Sans Mono", monospace; letter-spacing: 1px; }
  ol { font-size: 13px; line-height: 1.6; padding-left: 6mm; }
  @media print { .ticket { margin: 0 auto; border: 1px solid #000; } }
</style></head>
<body>
${tickets.map(ticketHtml).join('\n')}
</body></html>
`;
}
