import type { Metafile } from 'esbuild';

export declare const OVERVIEW_ENTRY: string;
export declare function closure(metafile: Metafile, starts: string[]): string[];
