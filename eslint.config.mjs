// ESLint: Next.js's rules (React, hooks, accessibility, Core Web Vitals), type-aware TypeScript
// rules, and the security plugin on the code that serves requests. `npm run lint` runs it;
// `npm test` fails on any warning.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import security from 'eslint-plugin-security';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name` marks a value deliberately left out of a destructuring.
      '@typescript-eslint/no-unused-vars': ['warn', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**', 'lib/**', 'components/**', 'proxy.ts'],
    extends: [security.configs.recommended],
    rules: {
      // Flags every `object[key]`; TypeScript's key types already say which keys can reach it.
      'security/detect-object-injection': 'off',
    },
  },
  {
    // Tests assert on parsed JSON (typed `any`) by value: the assertion is the type check.
    files: ['tests/**', 'simulator/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The simulator's CommonJS-style `module` variables are its own HTTP modules, not Next's.
    files: ['simulator/**'],
    rules: { '@next/next/no-assign-module-variable': 'off' },
  },
  globalIgnores(['.next/**', 'next-env.d.ts', 'lib/generated/**', '.canopy/**', 'test-results/**']),
]);
