/** Placeholder until the reuters rule is written; index.ts imports it under this name. */
import type { OutletRule } from './types.js';

export const reuters: OutletRule = {
  id: 'reuters',
  hosts: [],
  keep: [],
  drop: [],
};
