import { defineConfig } from 'vitest/config';

/*
 * Three projects, run in this order by `npm test`:
 *  unit         pure logic beside the code (shared/, server/, client/)
 *  integration  the real server over real socket.io with a real mediasoup worker
 *  e2e          user journeys in headless Chromium with fake cameras
 */
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'client/src/**/*.test.{ts,tsx}', 'test/lint/**/*.test.ts', 'test/net/**/*.test.ts'],
					environment: 'node',
				},
			},
			{
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					fileParallelism: false,
				},
			},
			{
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					// A page on a busy 2-core machine can take more than the default second to show something.
					expect: { poll: { timeout: 5_000 } },
				},
			},
		],
	},
});
