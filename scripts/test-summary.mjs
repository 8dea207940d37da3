// Print one closing line for all vitest JSON reports: "tests: N passed, N failed, N skipped".
// Exits non-zero when a report is missing or counts no test at all.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
for (const file of process.argv.slice(2)) {
	if (!existsSync(file)) {
		console.error(`missing test report ${file}`);
		ok = false;
		continue;
	}
	const report = JSON.parse(readFileSync(file, 'utf8'));
	passed += report.numPassedTests;
	// A file that failed to load has no failed test of its own: count it once.
	failed += report.numFailedTests || (report.numFailedTestSuites ?? 0);
	skipped += report.numPendingTests + report.numTodoTests;
}
if (passed + failed === 0) ok = false;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
