/** Default locations shared by several commands (kept apart so that naming them loads nothing else). */
export const DEFAULT_DB = 'data/catalogue.json';
export const DEFAULT_SITE_DIR = 'reports/site';
