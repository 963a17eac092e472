/** Placeholder until the cdt rule is written; index.ts imports it under this name. */
import type { OutletRule } from './types.js';

export const cdt: OutletRule = {
  id: 'cdt',
  hosts: [],
  keep: [],
  drop: [],
};
