import type { Appearance, PromptDefinition } from '@loupe/shared';
import type { DeviceClass } from '../device-class.js';

// The studio's preview page and the dashboard that frames it talk by postMessage, on one origin
// (each side checks the other's). The messages, both ways:

/** Render this definition, as visitors would see it (nothing is sent or recorded). */
export interface PreviewRequest {
  type: 'loupe:preview';
  /** The definition being edited; targeting and frequency may be partial (their defaults apply). */
  prompt: Pick<PromptDefinition, 'kind' | 'defaultLanguage' | 'texts'> &
    Partial<Pick<PromptDefinition, 'style' | 'targeting' | 'frequency' | 'appearance'>>;
  /** The site's appearance (prompt settings), under the prompt's own. */
  siteAppearance?: Appearance;
  /** The visitor's language (a tag); default: the prompt's default language. */
  language?: string;
  /** Forces the prompt's theme, and gives the page behind it that look. */
  theme?: 'light' | 'dark';
  /** The page's direction (the prompt's own follows its language). */
  dir?: 'ltr' | 'rtl';
  device?: DeviceClass;
}

/** The gates `loupe('why')` would report for a fresh visitor on `url` with `device`. */
export interface WhyRequest {
  type: 'loupe:why';
  url: string;
  device: DeviceClass;
  language?: string;
  /** The visitor's traits as their last identify call gave them (trait rules compare them as text). */
  traits?: Record<string, string>;
  /** Default: the prompt of the last preview. */
  prompt?: PreviewRequest['prompt'];
}

export type PreviewAnswer =
  /** On load (the page listens), and after each render. */
  | { type: 'loupe:preview-ready'; rendered: boolean }
  /** The definition could not be rendered; the message says why. */
  | { type: 'loupe:preview-error'; message: string }
  /** The visitor in the preview closed the prompt, or the thank-you ended. */
  | { type: 'loupe:preview-closed' }
  | { type: 'loupe:why-result'; eligible: boolean; reasons: string[] };
