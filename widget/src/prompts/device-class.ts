import type { DEVICE_CLASSES } from '@loupe/shared/constants';

export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/**
 * By primary pointer and screen size rather than the user agent (iPadOS poses as a Mac, Android
 * tablets as phones): a mouse or trackpad is a desktop, a touch screen whose short side is under
 * 600 CSS px a phone, a larger one a tablet (Material's 600 dp breakpoint).
 */
export function deviceClass(
  coarse = matchMedia('(pointer:coarse)').matches,
  shortSide = Math.min(screen.width, screen.height),
): DeviceClass {
  return !coarse ? 'desktop' : shortSide < 600 ? 'mobile' : 'tablet';
}
