import type { DEVICE_CLASSES } from '@loupe/shared/constants';

export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/**
 * The one device class of a visitor: prompt targeting uses it, and every event carries it, so the
 * server files page views, answers and rollups under the class a prompt was aimed at (it falls
 * back to the User-Agent's only for clients that do not send one).
 *
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
