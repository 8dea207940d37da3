import { describe, expect, test } from 'vitest';
import { coveredCameraSize, STAGE_ASPECT_CSS, STAGE_ASPECT_LABEL } from './stageGeometry.ts';

describe('the stage geometry', () => {
	test('is the 9:16 portrait frame', () => {
		expect(STAGE_ASPECT_LABEL).toBe('9:16');
		expect(STAGE_ASPECT_CSS).toBe('9 / 16');
	});

	test('a landscape camera covers the stage at its height and overflows at the sides', () => {
		const hd = coveredCameraSize(1280, 720)!;
		expect(hd.height).toBe(1);
		expect(hd.width).toBeCloseTo(16 / 9 / (9 / 16), 10); // 3.16: viewers see the middle 32 %
		expect(coveredCameraSize(640, 480)).toEqual({ width: (4 / 3) * (16 / 9), height: 1 });
	});

	test('a portrait phone camera: a 3:4 one loses a little at the sides, a 9:16 one nothing', () => {
		expect(coveredCameraSize(480, 640)!.width).toBeCloseTo((3 / 4) * (16 / 9), 10);
		expect(coveredCameraSize(720, 1280)).toEqual({ width: 1, height: 1 });
	});

	test('a camera taller than the stage overflows at the top and bottom', () => {
		const tall = coveredCameraSize(600, 1300)!;
		expect(tall.width).toBe(1);
		expect(tall.height).toBeCloseTo((9 / 16) / (600 / 1300), 10);
	});

	test('an unknown size (no frame yet) gives nothing to draw', () => {
		expect(coveredCameraSize(0, 0)).toBeNull();
		expect(coveredCameraSize(640, 0)).toBeNull();
		expect(coveredCameraSize(Number.NaN, 480)).toBeNull();
	});
});
