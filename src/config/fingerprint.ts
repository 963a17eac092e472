/**
 * SHA-256 of src/config/schema.ts. The cached, already-validated config is keyed on it, so a change to the
 * schema invalidates every cache; test/config/config.test.ts fails until this is updated after an edit.
 */
export const SCHEMA_FINGERPRINT = '13dc80243187e345b424ac4d563b761f0d419aaf923c7255240d0abae58efec5';
