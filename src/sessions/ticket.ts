import { effectiveExamAddress } from './exam-address';

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
  /** The organiser printed at the head, e.g. 临沂市应急管理局. */
  organiser: string;
  /** An SVG QR code of the sign-in address with this ticket's number filled in (trusted markup, made here). */
  qrSvg?: string;
  /** Set when the address only works on the server's own machine: printed on the ticket as a warning. */
  addressWarning?: string;
}

/** The candidate's sign-in page with the ticket number filled in: what the ticket's QR code opens. */
export function ticketLoginLink(loginUrl: string, ticketNumber: string): string {
  const base = loginUrl.replace(/\/+$/, '');
  const page = /\/exam$/.test(base) ? `${base}/login` : base;
  return `${page}?ticket=${encodeURIComponent(ticketNumber)}`;
}

/**
 * The address candidates use: the configured one (系统设置, else EXAM_LOGIN_URL), else the one the
 * administrator's browser used to reach the server (scheme and host of the request) + /exam. An address only
 * this machine can reach (localhost, 127.x, ::1) comes with a warning, printed on the ticket.
 */
export function examAddress(
  configured: string | undefined,
  request: { protocol: string; host: string },
): { url: string; warning?: string } {
  const { url, warning } = effectiveExamAddress(configured, undefined, request);
  return warning ? { url, warning } : { url };
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
  <p class="organiser">${e(t.organiser)}</p>
  <h1>技术人员抽考 准考证</h1>
  <h3 class="sitting">${e(t.sittingName)}</h3>
  ${t.addressWarning ? `<p class="warning">⚠ ${e(t.addressWarning)}</p>` : ''}
  <div class="head">
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
  <div class="side">
    <div class="photo">贴照片处<br>（近期免冠照片）</div>
    ${t.qrSvg ? `<div class="qr">${t.qrSvg}<span>扫码打开登录页</span></div>` : ''}
  </div>
  </div>
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
  .organiser { text-align: center; font-size: 15px; margin: 0 0 2mm; letter-spacing: 2px; }
  h1 { font-size: 20px; text-align: center; margin: 0 0 2mm; }
  .sitting { text-align: center; font-size: 14px; font-weight: normal; margin: 0 0 4mm; }
  .warning { color: #b00020; border: 1px solid #b00020; padding: 2mm 3mm; font-size: 13px; }
  .head { display: flex; gap: 4mm; align-items: flex-start; }
  .head table { flex: 1; }
  .side { width: 32mm; display: flex; flex-direction: column; gap: 3mm; align-items: center; }
  .photo { width: 30mm; height: 40mm; border: 1px dashed #666; display: flex; align-items: center;
    justify-content: center; text-align: center; font-size: 11px; color: #666; }
  .qr { width: 30mm; text-align: center; font-size: 10px; }
  .qr svg { width: 30mm; height: 30mm; display: block; }
  h2 { font-size: 15px; margin: 6mm 0 2mm; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #666; padding: 2mm 3mm; text-align: left; font-size: 14px; }
  th { width: 25mm; background: #f2f2f2; }
  .num { font-family: "DejaVu Sans Mono", monospace; letter-spacing: 1px; }
  ol { font-size: 13px; line-height: 1.6; padding-left: 6mm; }
  /* Every ticket on a page of its own, whatever prints it (the browser's Ctrl+P included). */
  @page { size: A4; margin: 12mm; }
  @media print {
    body { margin: 0; }
    .ticket { margin: 0 auto; border: 1px solid #000; break-inside: avoid; page-break-inside: avoid; }
  }
</style></head>
<body>
${tickets.map(ticketHtml).join('\n')}
</body></html>
`;
}
