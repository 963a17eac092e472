/** Radio France Internationale Chinese (rfi.fr/cn). */
import type { OutletRule } from './types.js';

export const rfi: OutletRule = {
  id: 'rfi',
  hosts: [/^(?:www\.)?rfi\.fr$/u],
  paths: [/^\/cn(?:\/|$)/u],
  keep: ['.t-content__body'],
  drop: ['.m-interstitial', '.o-self-promo'],
};
