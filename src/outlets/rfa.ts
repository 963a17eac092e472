/** Placeholder until the rfa rule is written; index.ts imports it under this name. */
import type { OutletRule } from './types.js';

export const rfa: OutletRule = {
  id: 'rfa',
  hosts: [],
  keep: [],
  drop: [],
};
