import { renderStartupBanner } from './startup-banner';

describe('the start-up banner', () => {
  it('names the address, and on the first start the administrator, the generated password and its file', () => {
    const text = renderStartupBanner({
      localUrl: 'http://localhost:3000',
      lanUrls: ['http://192.168.1.10:3000'],
      database: 'SQLite ./data/choukao.sqlite',
      admin: { username: 'admin', password: 'pw-123456789', savedTo: '/srv/data/admin-password.txt' },
    });
    expect(text).toContain('http://localhost:3000');
    expect(text).toContain('http://192.168.1.10:3000/exam');
    expect(text).toMatch(/用户名:\s+admin/);
    expect(text).toMatch(/密码:\s+pw-123456789/);
    expect(text).toContain('/srv/data/admin-password.txt');
  });

  it('says the password was shown only once when it could not be saved, and shows none from ADMIN_PASSWORD', () => {
    const unsaved = renderStartupBanner({
      localUrl: 'http://localhost:3000',
      lanUrls: [],
      database: 'MySQL',
      admin: { username: 'root1', password: 'pw-x', savedTo: null },
    });
    expect(unsaved).toContain('只显示这一次');
    const given = renderStartupBanner({
      localUrl: 'x',
      lanUrls: [],
      database: 'MySQL',
      admin: { username: 'a' },
    });
    expect(given).toContain('ADMIN_PASSWORD');
    const later = renderStartupBanner({ localUrl: 'http://localhost:3000', lanUrls: [], database: 'MySQL' });
    expect(later).not.toContain('密码');
  });
});
