/*
 * The lint rule against import cycles, run through the project's own ESLint
 * config on two throwaway modules that import each other (and on the same
 * pair without the cycle), so a config change that silences it fails here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the repository (the config's `files` patterns apply), removed afterwards.
const dir = mkdtempSync(path.join(ROOT, 'server/src/lint-fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cycleErrors(files: Record<string, string>): Promise<string[]> {
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
	const results = await new ESLint({ cwd: ROOT }).lintFiles(Object.keys(files).map((name) => path.join(dir, name)));
	return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => `${path.basename(r.filePath)}: ${m.message}`));
}

// The config lints with type information: the first file read builds the server's whole program (seconds).
describe('lint', { timeout: 30_000 }, () => {
	it('fails on an import cycle between two modules', async () => {
		const errors = await cycleErrors({
			'room.ts': "import { stageOf } from './stage.ts';\nexport const room = (): string => stageOf();\n",
			'stage.ts': "import { room } from './room.ts';\nexport const stageOf = (): string => room();\n",
		});
		expect(errors).toEqual(['room.ts: Dependency cycle detected', 'stage.ts: Dependency cycle detected']);
	});

	it('passes the same modules once the shared part lives in a third one', async () => {
		const errors = await cycleErrors({
			'shared.ts': "export const name = (): string => 'stage';\n",
			'room.ts': "import { name } from './shared.ts';\nexport const room = (): string => name();\n",
			'stage.ts': "import { name } from './shared.ts';\nexport const stageOf = (): string => name();\n",
		});
		expect(errors).toEqual([]);
	});
});
