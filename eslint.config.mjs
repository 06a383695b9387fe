// Lint: typescript-eslint's type-checked recommendations over source, tests, benchmarks and scripts.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist.building-*/',
      'node_modules/',
      'coverage/',
      '.coverage/',
      '.coverage-dist/',
      'examples/',
      'overlays/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { globals: globals.node, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Operations, backends and their fakes implement async interfaces; a body with nothing to
      // wait for is still an async method there.
      '@typescript-eslint/require-await': 'off',
      // Re-throwing (or rejecting with) what was caught or an AbortSignal's reason passes on the
      // caller's own error, whatever its type.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  // Tests assert on JSON they read back and use vitest's asymmetric matchers (expect.any(), ...),
  // which are typed `any`: the no-unsafe-* rules would flag the assertions themselves.
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // Plain JavaScript (build, scripts, benchmarks) has no types to check.
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
);
