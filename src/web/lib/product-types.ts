import type { productTypes } from '../../core/contract/products.ts';

/** SPEC §2: the top level of the product tree, as people read it. */
export const productTypeLabels: Record<(typeof productTypes)[number], string> = {
  hardware: 'Hardware',
  software: 'Software',
  services: 'Services',
  financing: 'Financing',
};
