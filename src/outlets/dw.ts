/** Deutsche Welle Chinese (dw.com/zh). */
import type { OutletRule } from './types.js';

export const dw: OutletRule = {
  id: 'dw',
  hosts: [/^(?:www\.)?dw\.com$/u],
  paths: [/^\/zh(?:\/|$)/u],
  keep: ['.longText', 'article .rich-text'],
  drop: ['.advertisement'],
};
