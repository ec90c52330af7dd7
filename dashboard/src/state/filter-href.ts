import { appHref } from '../router/location.js';
import type { FilterKey, ViewState } from './view-state.js';
import { changeQuery } from './view-state.js';

/** The current view's URL with one more filter (clicking a row filters the whole view). */
export const filterHref = (route: string, state: Pick<ViewState, 'query'>, key: FilterKey, value: string) =>
  appHref(route, changeQuery(state.query, { [key]: value }));
