import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['**/node_modules/**', '**/dist/**', 'bench/results/**', 'data/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': 'error',
			'no-console': 'off',
		},
	},
	{
		// An import cycle means two modules are really one, or a helper sits in the wrong place.
		files: ['**/*.{ts,tsx}'],
		plugins: { 'import-x': importX },
		settings: { 'import-x/extensions': ['.ts', '.tsx'], 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
	},
	{
		// Every promise is awaited, returned or explicitly `void`ed, and none is passed where a plain callback is expected:
		// the store is asynchronous, and a forgotten write or an unhandled rejection must not slip through.
		files: ['{shared,server,client,test}/**/*.{ts,tsx}'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
		},
	},
	{
		files: ['client/src/**/*.{ts,tsx}'],
		languageOptions: { globals: { ...globals.browser } },
		plugins: { 'react-hooks': reactHooks },
		rules: { ...reactHooks.configs.recommended.rules },
	},
	{
		files: ['scripts/**/*.mjs'],
		languageOptions: { globals: { ...globals.node } },
	},
);
