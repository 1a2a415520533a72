// What every export says about where it came from.
import { allenConfig } from './allen.ts';

export const APP_NAME = 'Brain Street View for the browser';
export const APP_VERSION: string = __APP_VERSION__;
/** The Allen data release the cache keys and every export name. */
export const DATA_RELEASE = allenConfig.release;
