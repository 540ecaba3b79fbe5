import * as argon2 from 'argon2';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { User } from '../../src/auth/user.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { databasesUnderTest } from '../support/test-db';

/**
 * Every staff role changes its own password: the current one is required, the users page's length rule holds,
 * the new one is stored as argon2, and every other sign-in of the account ends while the caller continues.
 */
describe.each(databasesUnderTest())('changing one’s own password on %s', (kind) => {
  let t: TestApp;
  let admin: string;

  // One reset: the accounts' cached token versions are keyed by id, which a truncation would hand out again.
  beforeAll(async () => {
    t = await createTestApp(kind, 'account_password');
    await t.reset();
    admin = await t.login();
  });
  afterAll(() => t.close());

  async function staff(role: string, username: string): Promise<number> {
    const r = await t
      .http()
      .post('/api/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username, displayName: `人员${username}`, role, password: 'first-pass-1' })
      .expect(201);
    return (r.body as { id: number }).id;
  }

  const change = (token: string, body: object) =>
    t.http().post('/api/auth/password').set('authorization', `Bearer ${token}`).send(body);
  const me = (token: string) => t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`);

  it.each(['proctor', 'reviewer', 'inspector', 'admin'])(
    'a %s changes it: other sign-ins end, the returned token works, the new password signs in',
    async (role) => {
      const id = await staff(role, `acct-${role}`);
      const here = await t.login(`acct-${role}`, 'first-pass-1');
      const elsewhere = await t.login(`acct-${role}`, 'first-pass-1');
      const r = await change(here, { currentPassword: 'first-pass-1', newPassword: 'second-pass-2' }).expect(
        200,
      );
      const fresh = (r.body as { accessToken: string }).accessToken;
      expect((await me(elsewhere)).status).toBe(401);
      expect((await me(here)).status).toBe(401);
      expect((await me(fresh).expect(200)).body).toMatchObject({ id, role });
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: `acct-${role}`, password: 'first-pass-1' })
        .expect(401);
      await t.login(`acct-${role}`, 'second-pass-2');
      const user = await t.ds.getRepository(User).findOneByOrFail({ id });
      expect(user.passwordHash.startsWith('$argon2')).toBe(true);
      expect(await argon2.verify(user.passwordHash, 'second-pass-2')).toBe(true);
      const rows = await t.ds
        .getRepository(AuditEntry)
        .find({ where: { action: 'auth.password-change', target: `user:${id}` } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor: `user:${id}`, target: `user:${id}` });
      expect(rows[0].details).not.toContain('second-pass-2');
    },
  );

  it('refuses a wrong current password (audited, nothing changed, the session continues)', async () => {
    const id = await staff('proctor', 'acct-wrong');
    const token = await t.login('acct-wrong', 'first-pass-1');
    const r = await change(token, {
      currentPassword: 'not-my-password',
      newPassword: 'second-pass-2',
    }).expect(400);
    expect((r.body as { message: string }).message).toContain('当前密码不正确');
    await me(token).expect(200);
    await t.login('acct-wrong', 'first-pass-1');
    const failed = await t.ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'auth.password-change-failed', target: `user:${id}` } });
    expect(failed).toHaveLength(1);
    expect(failed[0].details).not.toContain('not-my-password');
  });

  it('refuses a new password the users page would refuse, naming the field in Chinese', async () => {
    await staff('proctor', 'acct-short');
    const token = await t.login('acct-short', 'first-pass-1');
    const short = await change(token, { currentPassword: 'first-pass-1', newPassword: 'short' }).expect(400);
    expect(JSON.stringify(short.body)).toContain('新密码长度须为 8–128 位');
    const missing = await change(token, { newPassword: 'second-pass-2' }).expect(400);
    expect(JSON.stringify(missing.body)).toContain('当前密码');
    const same = await change(token, { currentPassword: 'first-pass-1', newPassword: 'first-pass-1' }).expect(
      400,
    );
    expect((same.body as { message: string }).message).toContain('不能与当前密码相同');
    await me(token).expect(200);
    await t.login('acct-short', 'first-pass-1');
  });

  it('needs a signed-in staff member', async () => {
    await t
      .http()
      .post('/api/auth/password')
      .send({ currentPassword: 'admin-password-1', newPassword: 'second-pass-2' })
      .expect(401);
  });
});
