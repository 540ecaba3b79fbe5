import { ConfigError, trustProxyOption, validateEnv } from './env';

describe('validateEnv', () => {
  it('applies defaults', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      SQLITE_PATH: './data/choukao.sqlite',
      DB_MIGRATE_ON_START: true,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and booleans', () => {
    expect(validateEnv({ PORT: '8080', DB_MIGRATE_ON_START: 'false' })).toMatchObject({
      PORT: 8080,
      DB_MIGRATE_ON_START: false,
    });
  });

  it('accepts mariadb:// URLs as the README says, and a Redis prefix of safe characters', () => {
    expect(validateEnv({ DATABASE_URL: 'mariadb://root@127.0.0.1:3306/choukao' }).DATABASE_URL).toBe(
      'mariadb://root@127.0.0.1:3306/choukao',
    );
    expect(validateEnv({ SOCKET_IO_REDIS_KEY: 'choukao:linyi-2026' }).SOCKET_IO_REDIS_KEY).toBe(
      'choukao:linyi-2026',
    );
  });

  it('believes no proxy unless told which', () => {
    expect(trustProxyOption(validateEnv({}).TRUST_PROXY)).toBe(false);
    expect(trustProxyOption(validateEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY)).toBe(true);
    expect(trustProxyOption(validateEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).TRUST_PROXY)).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ SOCKET_IO_REDIS_KEY: 'two words' }, 'SOCKET_IO_REDIS_KEY'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db:3306/choukao' }, 'JWT_SECRET'],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db:3306/choukao', JWT_SECRET: 'j'.repeat(32) },
      'AUDIT_KEY',
    ],
  ])('names the bad variable in one line: %j', (raw, name) => {
    let message = '';
    try {
      validateEnv(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });
});
