import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium-launch.ts';

describe('findChromium', () => {
  it('uses JUNCTION_CHROMIUM before CHROME_PATH when the file exists', () => {
    expect(findChromium({ JUNCTION_CHROMIUM: process.execPath, CHROME_PATH: '/nowhere/chrome' })).toBe(process.execPath);
    expect(findChromium({ CHROME_PATH: process.execPath })).toBe(process.execPath);
  });

  it('fails with a message naming the variable and how to install Chromium when the file is missing', () => {
    expect(() => findChromium({ JUNCTION_CHROMIUM: '/nowhere/chromium' })).toThrow(/no Chromium at \/nowhere\/chromium \(JUNCTION_CHROMIUM\).*apt-get install chromium/);
    expect(() => findChromium({ CHROME_PATH: '/nowhere/chrome' })).toThrow(/\(CHROME_PATH\)/);
  });
});
