/** Placeholder until the voa rule is written; index.ts imports it under this name. */
import type { OutletRule } from './types.js';

export const voa: OutletRule = {
  id: 'voa',
  hosts: [],
  keep: [],
  drop: [],
};
