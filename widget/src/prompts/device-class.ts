import type { DEVICE_CLASSES } from '@loupe/shared/constants';

export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/**
 * Tablets first: Android tablets omit "Mobi", and iPadOS reports a Mac user agent, told apart
 * from a real Mac only by its touch points.
 */
export function deviceClass(ua = navigator.userAgent, touchPoints = navigator.maxTouchPoints): DeviceClass {
  return /iPad|Tablet|PlayBook|Silk|Android(?!.*Mobi)/i.test(ua) || (/Macintosh/.test(ua) && touchPoints > 1)
    ? 'tablet'
    : /Mobi|iPhone|iPod|Android/i.test(ua)
      ? 'mobile'
      : 'desktop';
}
