import { resolve } from 'node:path';

/** This run's H5 build (global-setup.ts builds into a folder of its own); dist/h5 when a spec runs without it. */
export const H5_DIST = process.env.JUCARD_H5_DIST ?? resolve(__dirname, '../../dist/h5');
