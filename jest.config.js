// Unit specs sit beside the code (src/, *.spec.ts); e2e specs in test/e2e (*.e2e-spec.ts).
process.env.TZ = 'UTC';
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest'] },
  // ESM-only dependencies (loaded through require(esm) by Node at run time) are compiled for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|content-disposition|@fastify/send|mime|chinese-days|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|cookie|@vueuse)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
