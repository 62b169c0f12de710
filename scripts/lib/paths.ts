/** The project's paths for the scripts: kept in libs/config/paths.ts, which the apps use too (an app never imports scripts/). */
export { ROOT } from '../../libs/config/paths';
