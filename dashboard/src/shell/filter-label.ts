import { t } from '../i18n/catalogue.js';
import type { MessageKey } from '../i18n/en.js';
import type { FilterKey } from '../state/view-state.js';

/** A filter value as people read it: device classes are translated, the rest is shown as stored. */
export function filterValueLabel(key: FilterKey, value: string): string {
  if (key === 'device') {
    const k = `device.${value}` as MessageKey;
    return k in DEVICE_KEYS ? t(k) : value;
  }
  return value;
}
const DEVICE_KEYS = { 'device.desktop': 1, 'device.mobile': 1, 'device.tablet': 1, 'device.unknown': 1 };
