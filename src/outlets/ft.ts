/** Placeholder until the ft rule is written; index.ts imports it under this name. */
import type { OutletRule } from './types.js';

export const ft: OutletRule = {
  id: 'ft',
  hosts: [],
  keep: [],
  drop: [],
};
