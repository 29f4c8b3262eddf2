import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.bosun-example/', 'dist/', 'node_modules/', 'scratch/', 'examples/', 'bin/', 'scripts/*.js', 'eslint.config.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true } }],
    },
  },
  {
    files: ['vitest.config.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
);
