import {
  escapeHtml,
  examAddress,
  isWellFormedTicket,
  luhnDigit,
  renderAdmissionTickets,
  ticketLoginLink,
  ticketNumber,
} from './ticket';

describe('admission tickets', () => {
  it('numbers tickets by campaign, sitting and seat with a check digit', () => {
    expect(luhnDigit('7992739871')).toBe('3');
    const t = ticketNumber(1, 23, 7);
    expect(t).toHaveLength(13);
    expect(t.startsWith('000100230007')).toBe(true);
    expect(isWellFormedTicket(t)).toBe(true);
    expect(isWellFormedTicket(t.slice(0, 12) + ((Number(t[12]) + 1) % 10))).toBe(false);
    expect(isWellFormedTicket('12ab')).toBe(false);
  });

  it('prints the masked ID, the place and time in China time, escaping what it prints', () => {
    const html = renderAdmissionTickets(
      [
        {
          ticketNumber: '0001002300070',
          name: '张<三>',
          maskedIdNumber: '37*************12X',
          agencyName: '临沂某安全评价有限公司',
          discipline: '危险化学品',
          seat: 7,
          sittingName: '第一场',
          mode: 'room',
          location: '市应急局 301 室',
          windowStart: new Date('2026-05-10T01:00:00Z'),
          windowEnd: new Date('2026-05-10T03:30:00Z'),
          durationSeconds: 7200,
          lateEntrySeconds: 1800,
          loginUrl: 'https://exam.example.cn/exam',
          organiser: '临沂市应急管理局',
          qrSvg: '<svg data-qr="1"></svg>',
        },
      ],
      '准考证',
    );
    expect(html).toContain('张&lt;三&gt;');
    expect(html).not.toContain('张<三>');
    expect(html).toContain('37*************12X');
    expect(html).toContain('2026年05月10日 09:00 至 2026年05月10日 11:30');
    expect(html).toContain('座位号 7');
    expect(html).toContain('120 分钟');
    // The organiser, the sitting's name, a photo box and the QR code; one ticket a page in print.
    expect(html).toContain('临沂市应急管理局');
    expect(html).toContain('<h3 class="sitting">第一场</h3>');
    expect(html).toContain('贴照片处');
    expect(html).toContain('<svg data-qr="1"></svg>');
    expect(html).toContain('page-break-inside: avoid');
    expect(html).not.toContain('class="warning"');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('takes the candidates’ address from the setting, else from the address the administrator used, warning about local ones', () => {
    expect(examAddress('https://exam.example.cn/exam', { protocol: 'http', host: 'localhost:3000' })).toEqual(
      {
        url: 'https://exam.example.cn/exam',
      },
    );
    expect(examAddress(undefined, { protocol: 'http', host: '10.1.2.3:8080' })).toEqual({
      url: 'http://10.1.2.3:8080/exam',
    });
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      const a = examAddress(undefined, { protocol: 'http', host });
      expect(a.url).toBe(`http://${host}/exam`);
      expect(a.warning).toContain('只能在服务器本机打开');
    }
    expect(ticketLoginLink('https://exam.example.cn/exam', '0001002300070')).toBe(
      'https://exam.example.cn/exam/login?ticket=0001002300070',
    );
  });
});
