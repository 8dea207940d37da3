import { describe, expect, test } from 'vitest';
import { formatDuration, formatMetricValue, formatOffset, formatShare, formatShortDate, parseOffset } from './format.ts';

describe('formatOffset (mm:ss into the live)', () => {
	test('pads minutes and seconds', () => {
		expect(formatOffset(0)).toBe('00:00');
		expect(formatOffset(999)).toBe('00:00');
		expect(formatOffset(5_000)).toBe('00:05');
		expect(formatOffset(65_400)).toBe('01:05');
		expect(formatOffset(59 * 60_000 + 59_999)).toBe('59:59');
	});
	test('shows hours from one hour', () => {
		expect(formatOffset(3_600_000)).toBe('1:00:00');
		expect(formatOffset(3_600_000 + 7 * 60_000 + 3_000)).toBe('1:07:03');
	});
	test('negative and invalid become 00:00', () => {
		expect(formatOffset(-4_000)).toBe('00:00');
		expect(formatOffset(Number.NaN)).toBe('00:00');
	});
});

describe('parseOffset', () => {
	test('reads mm:ss, h:mm:ss and plain minutes', () => {
		expect(parseOffset('07:30')).toBe(450_000);
		expect(parseOffset(' 7:05 ')).toBe(425_000);
		expect(parseOffset('1:02:03')).toBe(3_723_000);
		expect(parseOffset('12')).toBe(720_000);
		expect(parseOffset('90:00')).toBe(5_400_000);
	});
	test('rejects what is not a time', () => {
		expect(parseOffset('')).toBeNull();
		expect(parseOffset('7:5')).toBeNull();
		expect(parseOffset('7:60')).toBeNull();
		expect(parseOffset('1:60:00')).toBeNull();
		expect(parseOffset('abc')).toBeNull();
		expect(parseOffset('-1:00')).toBeNull();
	});
	test('round-trips formatOffset', () => {
		for (const ms of [0, 5_000, 65_000, 3_599_000, 3_723_000]) expect(parseOffset(formatOffset(ms))).toBe(ms);
	});
});

describe('formatDuration', () => {
	test('Indonesian first, English second', () => {
		expect(formatDuration(725_000, 'id')).toBe('12 mnt 5 dtk');
		expect(formatDuration(725_000, 'en')).toBe('12 min 5 s');
		expect(formatDuration(720_000, 'id')).toBe('12 mnt');
		expect(formatDuration(42_000, 'en')).toBe('42 s');
		expect(formatDuration(3_780_000, 'id')).toBe('1 jam 3 mnt');
		expect(formatDuration(7_200_000, 'en')).toBe('2 h');
		expect(formatDuration(0, 'id')).toBe('0 dtk');
	});
});

describe('numbers', () => {
	test('shares are 0-1, shown as whole percents; null is a dash', () => {
		expect(formatShare(0.456, 'id')).toBe('46%');
		expect(formatShare(1, 'en')).toBe('100%');
		expect(formatShare(null, 'id')).toBe('–');
	});
	test('dashboard values in their unit, with the language decimal mark', () => {
		expect(formatMetricValue(45.4, 'percent', 'id')).toBe('45%');
		expect(formatMetricValue(2.5, 'percent', 'id')).toBe('2,5%');
		expect(formatMetricValue(2.5, 'percent', 'en')).toBe('2.5%');
		expect(formatMetricValue(12.34, 'perMinute', 'id')).toBe('12,3/mnt');
		expect(formatMetricValue(12.34, 'perMinute', 'en')).toBe('12.3/min');
		expect(formatMetricValue(1_000_000, 'rupiah', 'en')).toBe('Rp1.000.000');
		expect(formatMetricValue(1234, 'count', 'id')).toBe('1.234');
		expect(formatMetricValue(1234, 'count', 'en')).toBe('1,234');
	});
	test('short dates for the chart axis', () => {
		const may3 = new Date(2025, 4, 3, 12).getTime();
		expect(formatShortDate(may3, 'id')).toBe('3 Mei');
		expect(formatShortDate(may3, 'en')).toBe('3 May');
	});
});
