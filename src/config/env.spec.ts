import { ConfigError, validateEnv } from './env';

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

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db:3306/choukao' }, 'JWT_SECRET'],
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
